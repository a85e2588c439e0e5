"""``gongkai publications`` — proactive disclosure from the command line.

gongkai publications import FILE.jsonl [--organ CODE]     the import contract (issue 5 item 8)
gongkai publications publish-due [--now ISO-DATETIME]     publish scheduled documents (cron-able)
gongkai publications import-decisions FILE.csv|xlsx --organ CODE
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.utils import timezone

from gongkai.core.commands import GongkaiCommand
from gongkai.orgs.models import Organ
from gongkai.publications.services.decisions import DecisionImportRejected, decisions_import
from gongkai.publications.services.documents import documents_publish_due
from gongkai.publications.services.imports import documents_import


class Command(GongkaiCommand):
    help = "主动公开：导入文件（JSONL）、到时发布、导入行政决定数据"

    def add_arguments(self, parser):
        sub = self.add_subcommands(parser)
        imp = sub.add_parser("import", help="导入已公开的文件（每行一个 JSON 对象）")
        imp.add_argument("file")
        imp.add_argument("--organ", help="机关代码：机关名称无法识别的文件归属该机关")
        due = sub.add_parser("publish-due", help="发布已到定时发布时间的文件")
        due.add_argument("--now", help="以该时间为准（ISO 格式，测试用）")
        dec = sub.add_parser("import-decisions", help="导入行政许可、处罚、强制决定和收费金额")
        dec.add_argument("file")
        dec.add_argument("--organ", required=True)

    def handle(self, *args, **options):
        action = options["action"]
        if action == "import":
            return self._import(options)
        if action == "publish-due":
            return self._publish_due(options)
        return self._import_decisions(options)

    def _organ(self, code: str | None) -> Organ | None:
        if not code:
            return None
        organ = Organ.objects.filter(code=code, is_active=True).first()
        if organ is None:
            self.fail(f"未知机关代码：{code}")
        return organ

    def _read(self, name: str) -> bytes:
        path = Path(name)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            self.fail(f"文件不存在：{name}")
        except (IsADirectoryError, PermissionError) as exc:
            self.fail(f"无法读取文件 {name}：{exc.strerror}")

    def _import(self, options):
        organ = self._organ(options["organ"])
        raw = self._read(options["file"])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.fail("文件须为 UTF-8 编码的 JSONL")
        # Split on newlines only: JSON strings may hold U+2028 and other characters that
        # str.splitlines() would treat as line breaks.
        report = documents_import(lines=text.split("\n"), organ=organ)
        for line, reason in report.errors:
            self.stderr.write(f"第{line}行：{reason}")
        summary = (
            f"导入完成：新增 {report.created}，更新 {report.updated}，"
            f"未变 {report.unchanged}，失败 {report.failed}"
        )
        if report.categories_created:
            summary += f"；新建主题分类 {report.categories_created} 个"
        self.stdout.write(summary)
        if report.failed:
            self.fail(f"{report.failed} 行未导入（见上）", code=1)

    def _publish_due(self, options):
        now = timezone.now()
        if options["now"]:
            try:
                now = datetime.fromisoformat(options["now"])
            except ValueError:
                self.fail(f"--now 不是有效的 ISO 时间：{options['now']}")
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        published, problems = documents_publish_due(now=now)
        for document in published:
            self.stdout.write(f"已发布：{document.index_number} {document.title}")
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"到时发布 {len(published)} 件，未能发布 {len(problems)} 件")
        if problems:
            self.fail(f"{len(problems)} 件未能发布（见上）", code=1)

    def _import_decisions(self, options):
        organ = self._organ(options["organ"])
        data = self._read(options["file"])
        try:
            result = decisions_import(actor=None, organ=organ, data=data, filename=options["file"])
        except DecisionImportRejected as exc:
            for row in exc.rows:
                self.stderr.write(str(row))
            self.fail(exc.message, code=1)
        by_kind = "，".join(f"{k} {n}" for k, n in sorted(result.by_kind.items()))
        self.stdout.write(
            f"导入完成：{result.batch.rows} 行，新增 {result.created}，更新 {result.updated}（{by_kind}）"
        )
