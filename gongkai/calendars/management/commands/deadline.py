"""``gongkai deadline`` — the statutory reply and correction-notice dates, explained.

Contract (issue #2): ``--received YYYY-MM-DD [--corrected YYYY-MM-DD]
[--pause YYYY-MM-DD:YYYY-MM-DD]... [--extension N] --json`` prints one JSON object with
``reply_due``, ``correction_notice_due`` (ISO dates), ``calendar_confirmed`` and ``explanation``.
Bad input: exit 2, one line on stderr, nothing on stdout.
"""

from __future__ import annotations

import json
from datetime import date

from django.core.exceptions import ObjectDoesNotExist

from gongkai.calendars import deadlines as engine
from gongkai.calendars.selectors import work_calendar, work_calendar_or_builtin
from gongkai.core.commands import GongkaiCommand


class Command(GongkaiCommand):
    help = "计算答复期限与补正告知期限（条例第三十、三十三条），并说明计算过程"
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, help="收到申请之日 YYYY-MM-DD")
        parser.add_argument("--corrected", help="收到补正后申请之日 YYYY-MM-DD")
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            help="暂停期间 YYYY-MM-DD:YYYY-MM-DD（两端含），可重复",
        )
        parser.add_argument("--extension", default="0", help="经批准延长的工作日数 N（0–20）")
        parser.add_argument("--jurisdiction", help="日历地区代码（默认全国）")
        parser.add_argument("--organ", help="按机关代码选择其日历地区")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        received = self._date(options["received"], "--received")
        corrected = (
            self._date(options["corrected"], "--corrected") if options["corrected"] else None
        )
        try:
            extension = int(options["extension"])
        except ValueError:
            self.fail(f"--extension 应为整数，收到“{options['extension']}”")
        try:
            pauses = [engine.parse_pause(spec, "暂停计算") for spec in options["pause"]]
        except engine.DeadlineInputError as exc:
            self.fail(str(exc))
        calendar, source = self._calendar(options)
        try:
            reply = engine.reply_due(
                calendar, received=received, corrected=corrected, pauses=pauses, extension=extension
            )
            notice = engine.correction_notice_due(calendar, received=received)
        except engine.DeadlineInputError as exc:
            self.fail(str(exc))
        result = {
            "received": received.isoformat(),
            "corrected": corrected.isoformat() if corrected else None,
            "clock_start": reply.start.isoformat(),
            "extension": extension,
            "working_days": reply.working_days,
            "pauses": [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in pauses],
            "reply_due": reply.due.isoformat(),
            "reply_internal_due": reply.internal_due.isoformat(),
            "correction_notice_due": notice.due.isoformat(),
            "calendar_confirmed": reply.confirmed and notice.confirmed,
            "unconfirmed_years": sorted(
                set(reply.unconfirmed_years) | set(notice.unconfirmed_years)
            ),
            "calendar": calendar.name,
            "calendar_source": source,
            "explanation": [f"【答复期限】{line}" for line in reply.explanation]
            + [f"【补正告知期限】{line}" for line in notice.explanation],
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"答复期限：{result['reply_due']}")
        self.stdout.write(f"补正告知期限：{result['correction_notice_due']}")
        if not result["calendar_confirmed"]:
            self.stdout.write(
                "警告：日历未确认 " + "、".join(f"{y}年" for y in result["unconfirmed_years"])
            )
        for line in result["explanation"]:
            self.stdout.write(f"  {line}")

    def _date(self, value: str, name: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{name} 日期“{value}”无效，应为 YYYY-MM-DD")

    def _calendar(self, options):
        if options["organ"]:
            from gongkai.orgs.selectors import organ_get

            try:
                return work_calendar(organ_get(options["organ"]).jurisdiction), "database"
            except ObjectDoesNotExist:
                self.fail(f"未知机关代码：{options['organ']}")
        try:
            calendar, from_db = work_calendar_or_builtin(options["jurisdiction"])
        except ObjectDoesNotExist:
            self.fail(f"未知日历地区：{options['jurisdiction']}")
        return calendar, "database" if from_db else "builtin"
