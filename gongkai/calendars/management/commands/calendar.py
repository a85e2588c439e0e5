"""``gongkai calendar`` — maintain the working-day calendar.

gongkai calendar import FILE [--jurisdiction CODE] [--year YYYY] [--no-confirm]
gongkai calendar show YYYY [--jurisdiction CODE]
gongkai calendar confirm YYYY [--jurisdiction CODE] [--source TEXT] [--undo]
gongkai calendar years [--jurisdiction CODE]
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist

from gongkai.calendars.models import CalendarDay, CalendarYear
from gongkai.calendars.schedule import ScheduleError, parse_schedule
from gongkai.calendars.selectors import jurisdiction_get
from gongkai.calendars.services import calendar_year_import, calendar_year_set_confirmed
from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import GongkaiError


class Command(GongkaiCommand):
    help = "维护工作日历：导入国务院放假安排、查看、确认年度"

    def add_arguments(self, parser):
        sub = self.add_subcommands(parser)
        imp = sub.add_parser("import", help="从 CSV 或 YAML 文件导入一年的放假安排")
        imp.add_argument("file")
        imp.add_argument("--jurisdiction")
        imp.add_argument("--year", type=int)
        imp.add_argument("--no-confirm", action="store_true", help="导入但不标记为已确认")
        show = sub.add_parser("show", help="列出某年的节假日与调休上班日")
        show.add_argument("year", type=int)
        show.add_argument("--jurisdiction")
        confirm = sub.add_parser("confirm", help="标记某年日历为已确认（或 --undo 取消）")
        confirm.add_argument("year", type=int)
        confirm.add_argument("--jurisdiction")
        confirm.add_argument("--source", default="")
        confirm.add_argument("--undo", action="store_true")
        years = sub.add_parser("years", help="列出各年度的确认状态")
        years.add_argument("--jurisdiction")

    def handle(self, *args, **options):
        code = options.get("jurisdiction")
        try:
            jurisdiction = jurisdiction_get(code)
        except ObjectDoesNotExist:
            self.fail(f"未知日历地区：{code}")
        try:
            getattr(self, f"do_{options['action']}")(jurisdiction, options)
        except GongkaiError as exc:
            self.fail(exc.message)

    def do_import(self, jurisdiction, options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as exc:
            self.fail(f"无法读取文件 {path}：{exc.strerror}")
        except UnicodeDecodeError:
            self.fail(f"文件 {path} 不是 UTF-8 编码")
        try:
            schedule = parse_schedule(text, filename=path.name, year=options["year"])
        except ScheduleError as exc:
            self.fail(f"{path.name}：{exc}")
        if schedule.jurisdiction and not options.get("jurisdiction"):
            try:
                jurisdiction = jurisdiction_get(schedule.jurisdiction)
            except ObjectDoesNotExist:
                self.fail(f"文件中的日历地区未知：{schedule.jurisdiction}")
        result = calendar_year_import(
            actor=None,
            jurisdiction=jurisdiction,
            schedule=schedule,
            confirm=not options["no_confirm"],
        )
        self.stdout.write(
            f"{jurisdiction.name} {result.year}年：新增 {result.added}、修改 {result.changed}、"
            f"删除 {result.removed} 天；重算后变动的期限 {result.deadlines_moved} 个。"
        )

    def do_show(self, jurisdiction, options):
        year = options["year"]
        state = CalendarYear.objects.filter(jurisdiction=jurisdiction, year=year).first()
        status = "已确认" if state and state.confirmed else "未确认（按周一至周五计算）"
        self.stdout.write(f"{jurisdiction.name} {year}年：{status}")
        for row in CalendarDay.objects.filter(jurisdiction=jurisdiction, date__year=year):
            mark = "休" if row.kind == CalendarDay.Kind.HOLIDAY else "班"
            self.stdout.write(f"{row.date.isoformat()} {mark} {row.name}")

    def do_confirm(self, jurisdiction, options):
        moved = calendar_year_set_confirmed(
            actor=None,
            jurisdiction=jurisdiction,
            year=options["year"],
            confirmed=not options["undo"],
            source=options["source"],
        )
        self.stdout.write(
            f"{jurisdiction.name} {options['year']}年已{'取消确认' if options['undo'] else '确认'}；变动的期限 {moved} 个。"
        )

    def do_years(self, jurisdiction, options):
        for row in CalendarYear.objects.filter(jurisdiction=jurisdiction).order_by("year"):
            self.stdout.write(f"{row.year} {'已确认' if row.confirmed else '未确认'} {row.source}")
