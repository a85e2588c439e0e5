"""``gongkai audit verify`` — check the audit log's hash chain."""

from __future__ import annotations

from gongkai.core.audit import audit_verify
from gongkai.core.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "审计日志：verify 校验哈希链是否完整"

    def add_arguments(self, parser):
        sub = self.add_subcommands(parser)
        sub.add_parser("verify", help="逐条重算哈希，报告第一处断裂")

    def handle(self, *args, **options):
        report = audit_verify()
        if not report.ok:
            self.fail(
                f"审计日志校验失败：第 {report.seq} 条，{report.problem}（此前 {report.checked} 条完好）",
                code=1,
            )
        self.stdout.write(f"审计日志完整：共 {report.checked} 条记录，哈希链校验通过。")
