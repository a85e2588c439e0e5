"""``gongkai remind`` — the daily reminder run (cron or the task worker): applications due soon or
overdue, annual reports due."""

from __future__ import annotations

from datetime import date

from gongkai.cases.services.reminders import send_reminders
from gongkai.core.commands import GongkaiCommand
from gongkai.reports.reminders import send_report_reminders


class Command(GongkaiCommand):
    help = "发送到期提醒：依申请公开办件、年度报告"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="以该日期为今天（YYYY-MM-DD）")

    def handle(self, *args, **options):
        on = None
        if options.get("date"):
            try:
                on = date.fromisoformat(options["date"])
            except ValueError:
                self.fail(f"--date 日期“{options['date']}”无效，应为 YYYY-MM-DD")
        cases = send_reminders(on=on)
        reports = send_report_reminders(on=on)
        self.stdout.write(f"已发送提醒：办件 {cases} 封，年度报告 {reports} 封。")
