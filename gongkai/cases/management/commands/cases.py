"""``gongkai cases`` — applications from the command line.

gongkai cases import FILE.jsonl --organ CODE     (contract of issue #3 item 9)
gongkai cases remind [--date YYYY-MM-DD]          (due-soon and overdue reminder e-mails)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist

from gongkai.cases.services.importing import ImportLineError, application_import, parse_import_line
from gongkai.core.commands import GongkaiCommand
from gongkai.orgs.selectors import organ_get


class Command(GongkaiCommand):
    help = "依申请公开：从原系统导入办件；发送到期提醒"

    def add_arguments(self, parser):
        sub = self.add_subcommands(parser)
        imp = sub.add_parser("import", help="导入原系统的办件（JSON Lines，每行一件）")
        imp.add_argument("file")
        imp.add_argument("--organ", required=True, help="机关代码")
        remind = sub.add_parser("remind", help="向经办人发送即将到期和已逾期的提醒邮件")
        remind.add_argument("--date", help="以该日期为今天（YYYY-MM-DD）")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_import(self, options):
        try:
            organ = organ_get(options["organ"])
        except ObjectDoesNotExist:
            self.fail(f"未知机关代码：{options['organ']}")
        path = Path(options["file"])
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except OSError as exc:
            self.fail(f"无法读取文件 {path}：{exc.strerror}")
        except UnicodeDecodeError:
            self.fail(f"文件 {path} 不是 UTF-8 编码")
        created = updated = failed = 0
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = parse_import_line(line)
            except ImportLineError as exc:
                failed += 1
                self.stderr.write(f"第{number}行：{exc}")
                continue
            _, is_new = application_import(organ=organ, record=record)
            created += is_new
            updated += not is_new
        self.stdout.write(f"{organ.name}：新增 {created} 件，更新 {updated} 件，失败 {failed} 行。")
        if failed:
            raise SystemExit(1)

    def do_remind(self, options):
        from gongkai.cases.services.reminders import send_reminders

        on = None
        if options.get("date"):
            try:
                on = date.fromisoformat(options["date"])
            except ValueError:
                self.fail(f"--date 日期“{options['date']}”无效，应为 YYYY-MM-DD")
        sent = send_reminders(on=on)
        self.stdout.write(f"已发送提醒 {sent} 封。")
