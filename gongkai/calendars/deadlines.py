"""Statutory deadlines (法定期限): a pure module with no ORM and no Django settings.

Every function takes a :class:`WorkCalendar` and returns a :class:`Deadline` holding the date, the
explanation a handler reads (in Chinese), and whether the calendar it crossed was confirmed.

Sources (spec §1.4, §1.5):

- 《政府信息公开条例》(2019) 第三十三条: reply within 20 working days of receipt; an extension of at
  most 20 working days with the consent of the OGI office head; time spent consulting third
  parties and other organs (第三十二条、第三十四条) is not counted.
- 第三十条: correction notice (补正告知) within 7 working days of receipt; the reply period runs
  from receipt of the corrected application.
- 第三十二条、第三十四条: third parties and co-makers reply within 15 working days of receiving the
  consultation letter.
- 第二十六条: proactive disclosure within 20 working days of the information being formed or
  changed.
- 国办函〔2020〕109号: fees are paid within 20 working days from the day after the fee notice is
  received.
- 《行政复议法》(2023) 第二十条: review within 60 days of knowing the act; 第八十八条: periods
  other than 三/五/七/十日 follow civil-procedure counting.
- 《行政诉讼法》第四十六条: 6 months from knowing the act; 第四十五条: 15 days from receiving the
  review decision.

Counting convention: the trigger day is not counted; day 1 is the first working day after it
(民法典 第二百零一条). A working day is Monday–Friday that is not a statutory holiday, plus the
official make-up workdays (调休上班日; configurable, spec §1.4 [U]). A calendar period whose last
day is not a working day ends on the next working day (民法典 第二百零三条). Working days inside a
pause (consultation) window — both ends inclusive — are not counted.
"""

from __future__ import annotations

import calendar as stdlib_calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

ONE_DAY = timedelta(days=1)
MAX_EXTENSION = 20  # 条例 第三十三条第二款: 延长的期限最长不得超过20个工作日
MAX_WALK_DAYS = 3660  # a guard: no statutory period walks ten years
WEEKDAYS = "一二三四五六日"


class DeadlineInputError(ValueError):
    """Input that no lawful computation accepts (an extension over 20 days, a reversed pause…)."""


class DayKind(StrEnum):
    WORKDAY = "workday"
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班日
    WEEKEND = "weekend"
    HOLIDAY = "holiday"  # 法定节假日 (national or local)


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Holidays and make-up workdays of one jurisdiction, and the years whose data is confirmed.

    A year that is not confirmed falls back to Monday–Friday (plus any days already entered) and
    every deadline that crosses it says so; nothing raises.
    """

    holidays: Mapping[date, str] = field(default_factory=dict)
    makeup_workdays: Mapping[date, str] = field(default_factory=dict)
    confirmed_years: frozenset[int] = frozenset()
    count_makeup_workdays: bool = True
    name: str = "全国"

    def kind(self, day: date) -> DayKind:
        if day in self.holidays:
            return DayKind.HOLIDAY
        if day in self.makeup_workdays:
            return DayKind.MAKEUP_WORKDAY if self.count_makeup_workdays else DayKind.WEEKEND
        return DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY

    def is_working_day(self, day: date) -> bool:
        return self.kind(day) in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)

    def describe(self, day: date) -> str:
        kind = self.kind(day)
        if kind is DayKind.HOLIDAY:
            return self.holidays[day]
        if kind is DayKind.MAKEUP_WORKDAY:
            return f"{self.makeup_workdays[day]}调休上班日"
        if kind is DayKind.WEEKEND:
            return "周末"
        return "工作日"


@dataclass(frozen=True)
class Rule:
    """One statutory period: what it is called, where the law sets it, what starts it."""

    code: str
    title: str
    basis: str
    trigger: str
    working_days: int = 0
    calendar_days: int = 0
    months: int = 0


REPLY = Rule("reply", "答复期限", "《政府信息公开条例》第三十三条第二款", "收到申请之日", 20)
CORRECTION_NOTICE = Rule(
    "correction_notice", "补正告知期限", "《政府信息公开条例》第三十条", "收到申请之日", 7
)
CONSULTATION_REPLY = Rule(
    "consultation_reply",
    "征求意见答复期限",
    "《政府信息公开条例》第三十二条、第三十四条",
    "被征求意见方收到征求意见书之日",
    15,
)
FEE_PAYMENT = Rule(
    "fee_payment",
    "缴费期限",
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
    "申请人收到收费通知之日",
    20,
)
PROACTIVE = Rule(
    "proactive", "主动公开期限", "《政府信息公开条例》第二十六条", "信息形成或者变更之日", 20
)
REVIEW = Rule(
    "review",
    "申请行政复议期限",
    "《行政复议法》第二十条第一款",
    "知道该行政行为之日",
    calendar_days=60,
)
LITIGATION = Rule(
    "litigation",
    "提起行政诉讼期限（直接起诉）",
    "《行政诉讼法》第四十六条第一款",
    "知道作出行政行为之日",
    months=6,
)
LITIGATION_AFTER_REVIEW = Rule(
    "litigation_after_review",
    "提起行政诉讼期限（复议后起诉）",
    "《行政诉讼法》第四十五条",
    "收到复议决定书之日",
    calendar_days=15,
)
RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        REPLY,
        CORRECTION_NOTICE,
        CONSULTATION_REPLY,
        FEE_PAYMENT,
        PROACTIVE,
        REVIEW,
        LITIGATION,
        LITIGATION_AFTER_REVIEW,
    )
}


@dataclass(frozen=True)
class Pause:
    """A window in which the clock stops (征求意见期间不计算在答复期限内, 条例 第三十三条第三款)."""

    start: date
    end: date
    reason: str = "暂停计算"

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DeadlineInputError(
                f"暂停期间的结束日 {self.end.isoformat()} 早于开始日 {self.start.isoformat()}"
            )

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Deadline:
    rule: Rule
    start: date
    due: date
    internal_due: date
    working_days: int | None
    confirmed: bool
    unconfirmed_years: tuple[int, ...]
    explanation: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "rule": self.rule.code,
            "title": self.rule.title,
            "basis": self.rule.basis,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "internal_due": self.internal_due.isoformat(),
            "working_days": self.working_days,
            "calendar_confirmed": self.confirmed,
            "unconfirmed_years": list(self.unconfirmed_years),
            "explanation": list(self.explanation),
        }


def parse_pause(spec: str, reason: str = "暂停计算") -> Pause:
    """``YYYY-MM-DD:YYYY-MM-DD`` (both ends inclusive) → Pause; DeadlineInputError otherwise."""
    parts = spec.strip().split(":")
    if len(parts) != 2:
        raise DeadlineInputError(f"暂停期间“{spec}”格式应为 YYYY-MM-DD:YYYY-MM-DD")
    try:
        first, last = (date.fromisoformat(p.strip()) for p in parts)
    except ValueError:
        raise DeadlineInputError(f"暂停期间“{spec}”中的日期无效，应为 YYYY-MM-DD") from None
    return Pause(first, last, reason)


# --- formatting ---------------------------------------------------------------------------------


def format_day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def format_range(first: date, last: date) -> str:
    if first == last:
        return format_day(first)
    tail = (
        f"{last.month}月{last.day}日"
        if first.year == last.year
        else f"{last.year}年{last.month}月{last.day}日"
    )
    return f"{first.year}年{first.month}月{first.day}日至{tail}"


def _runs(days: Iterable[date]) -> list[tuple[date, date]]:
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and runs[-1][1] + ONE_DAY == day:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(a, b) for a, b in runs]


def _compact_runs(days: Sequence[date]) -> str:
    parts = []
    for a, b in _runs(days):
        parts.append(
            f"{a.month}月{a.day}日" if a == b else f"{a.month}月{a.day}日—{b.month}月{b.day}日"
        )
    return "、".join(parts)


def _calendar_note(
    calendar: WorkCalendar, first: date, last: date
) -> tuple[bool, tuple[int, ...], str]:
    years = range(first.year, last.year + 1)
    missing = tuple(y for y in years if y not in calendar.confirmed_years)
    if missing:
        listed = "、".join(f"{y}年" for y in missing)
        return (
            False,
            missing,
            f"注意：{listed}的节假日安排尚未确认（未录入国务院放假安排），该年按周一至周五计算；"
            f"安排录入后期限将自动重算。",
        )
    listed = "、".join(f"{y}年" for y in years)
    return True, (), f"日历：{calendar.name}{listed}节假日安排已确认。"


# --- the working-day walk -----------------------------------------------------------------------


def add_working_days(
    calendar: WorkCalendar,
    *,
    start: date,
    n: int,
    rule: Rule,
    pauses: Sequence[Pause] = (),
    trigger: str | None = None,
) -> Deadline:
    """The n-th counted working day strictly after ``start`` (addWD in spec §1.4).

    Days inside any pause window (both ends inclusive) are not counted; overlapping pauses are
    simply their union.
    """
    if n < 1:
        raise DeadlineInputError("工作日数必须为正数")
    counted: list[date] = []
    holidays: dict[date, str] = {}
    weekends: list[date] = []
    makeups: list[date] = []
    paused_days: dict[Pause, int] = dict.fromkeys(pauses, 0)
    day, walked = start, 0
    while len(counted) < n:
        day += ONE_DAY
        walked += 1
        if walked > MAX_WALK_DAYS:
            raise DeadlineInputError("期间超出可计算范围（暂停期间过长）")
        kind = calendar.kind(day)
        if kind is DayKind.HOLIDAY:
            holidays[day] = calendar.holidays[day]
            continue
        if kind is DayKind.WEEKEND:
            weekends.append(day)
            continue
        pause = next((p for p in pauses if day in p), None)
        if pause is not None:
            paused_days[pause] += 1
            continue
        if kind is DayKind.MAKEUP_WORKDAY:
            makeups.append(day)
        counted.append(day)
    due = counted[-1]

    # Conservative internal date (spec §1.4: start day counted if it is a working day) [U].
    start_counts = calendar.is_working_day(start) and not any(start in p for p in pauses)
    internal_due = (counted[n - 2] if n >= 2 else start) if start_counts else due

    base = rule.working_days or n
    lines = [f"{rule.title}：依据{rule.basis}，为{base}个工作日。"]
    if n > base:
        lines.append(f"经批准延长{n - base}个工作日，共计{n}个工作日。")
    elif n < base:
        lines.append(f"本期限按{n}个工作日计算。")
    lines.append(f"起算：{format_day(start)}为{trigger or rule.trigger}，当日不计入，自次日起算。")
    for first, last in _runs(holidays):
        names = "、".join(dict.fromkeys(holidays[d] for d in _days(first, last)))
        lines.append(f"不计入法定节假日：{format_range(first, last)}（{names}）。")
    if weekends:
        lines.append(f"不计入周末：共{len(weekends)}天（{_compact_runs(weekends)}）。")
    for d in makeups:
        lines.append(f"计入调休上班日：{format_day(d)}（{calendar.makeup_workdays[d]}调休上班）。")
    for pause in sorted(pauses, key=lambda p: (p.start, p.end)):
        if pause.end <= start:
            continue
        skipped = paused_days.get(pause, 0)
        effect = f"其间{skipped}个工作日不计入" if skipped else "其间没有需要扣除的工作日"
        lines.append(
            f"暂停计算：{format_range(pause.start, pause.end)}（{pause.reason}），{effect}。"
        )
    lines.append(f"第{n}个工作日为{format_day(due)}，即{rule.title}届满日。")
    if internal_due != due:
        lines.append(
            f"内部从严掌握：如将起算日计入，第{n}个工作日为{format_day(internal_due)}（非法定期限）。"
        )
    confirmed, missing, note = _calendar_note(calendar, start, due)
    lines.append(note)
    return Deadline(rule, start, due, internal_due, n, confirmed, missing, tuple(lines))


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


# --- 依申请公开 periods -------------------------------------------------------------------------


def reply_due(
    calendar: WorkCalendar,
    *,
    received: date,
    corrected: date | None = None,
    pauses: Sequence[Pause] = (),
    extension: int = 0,
) -> Deadline:
    """答复期限 (条例 第三十三条): 20 working days (+ an approved extension ≤ 20) after the clock
    start — the receipt date, or the receipt date of the corrected application after a 补正 notice
    (第三十条) — not counting working days inside consultation pauses."""
    if not 0 <= extension <= MAX_EXTENSION:
        raise DeadlineInputError(
            f"延长期限应为0至{MAX_EXTENSION}个工作日（条例第三十三条），收到{extension}"
        )
    if corrected is not None and corrected < received:
        raise DeadlineInputError("补正后申请的收到日不能早于原申请的收到日")
    start = corrected or received
    trigger = "收到补正后申请之日（条例第三十条，重新起算）" if corrected else None
    return add_working_days(
        calendar,
        start=start,
        n=REPLY.working_days + extension,
        rule=REPLY,
        pauses=pauses,
        trigger=trigger,
    )


def correction_notice_due(calendar: WorkCalendar, *, received: date) -> Deadline:
    """补正告知期限 (条例 第三十条): notify once within 7 working days of receipt."""
    return add_working_days(
        calendar, start=received, n=CORRECTION_NOTICE.working_days, rule=CORRECTION_NOTICE
    )


def consultation_reply_due(calendar: WorkCalendar, *, letter_received: date) -> Deadline:
    """征求意见答复期限 (条例 第三十二条、第三十四条): 15 working days from receipt of the letter."""
    return add_working_days(
        calendar, start=letter_received, n=CONSULTATION_REPLY.working_days, rule=CONSULTATION_REPLY
    )


def consultation_pause(
    calendar: WorkCalendar,
    *,
    sent: date,
    letter_received: date,
    opinion_received: date | None = None,
    reason: str = "征求第三方意见",
) -> Pause:
    """The window not counted in the reply period (spec §1.4, bounds [U]):
    from the day the letter is sent to the opinion's arrival, at the latest the consulted party's
    own 15-working-day deadline (after which silence rules apply)."""
    if letter_received < sent:
        raise DeadlineInputError("征求意见书的送达日不能早于发出日")
    limit = consultation_reply_due(calendar, letter_received=letter_received).due
    end = min(opinion_received, limit) if opinion_received else limit
    return Pause(sent, max(end, sent), reason)


def fee_payment_due(calendar: WorkCalendar, *, notice_received: date) -> Deadline:
    """缴费期限 (国办函〔2020〕109号): 20 working days from the day after the fee notice arrives."""
    return add_working_days(
        calendar, start=notice_received, n=FEE_PAYMENT.working_days, rule=FEE_PAYMENT
    )


def proactive_due(calendar: WorkCalendar, *, formed: date) -> Deadline:
    """主动公开期限 (条例 第二十六条): 20 working days from formation or change."""
    return add_working_days(calendar, start=formed, n=PROACTIVE.working_days, rule=PROACTIVE)


# --- remedy windows (calendar periods) -----------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """民法典 第二百零二条: the corresponding day of the final month, or its last day if none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, stdlib_calendar.monthrange(year, month)[1]))


def calendar_period(
    calendar: WorkCalendar, *, rule: Rule, start: date, rollover: bool = True
) -> Deadline:
    """A period in calendar days or months; the start day is not counted (民法典 第二百零一条) and a
    last day that is not a working day rolls over to the next working day (第二百零三条)."""
    if rule.months:
        nominal = add_months(start, rule.months)
        length = f"{rule.months}个月"
    else:
        nominal = start + timedelta(days=rule.calendar_days)
        length = f"{rule.calendar_days}日"
    lines = [
        f"{rule.title}：依据{rule.basis}，为{length}。",
        f"起算：{format_day(start)}为{rule.trigger}，当日不计入。",
    ]
    due = nominal
    if rollover:
        while not calendar.is_working_day(due):
            due += ONE_DAY
        if due != nominal:
            lines.append(
                f"期间最后一日{format_day(nominal)}为{calendar.describe(nominal)}，"
                f"顺延至{format_day(due)}（民法典第二百零三条）。"
            )
    lines.append(f"期限届满日为{format_day(due)}。")
    confirmed, missing, note = _calendar_note(calendar, nominal, due)
    if rollover:
        lines.append(note)
    else:
        confirmed, missing = True, ()
    return Deadline(rule, start, due, due, None, confirmed, missing, tuple(lines))


def review_deadline(calendar: WorkCalendar, *, known_on: date, rollover: bool = True) -> Deadline:
    """申请行政复议: 60 days from knowing the act (行政复议法 第二十条)."""
    return calendar_period(calendar, rule=REVIEW, start=known_on, rollover=rollover)


def litigation_deadline(
    calendar: WorkCalendar, *, known_on: date, rollover: bool = True
) -> Deadline:
    """直接起诉: 6 months from knowing the act (行政诉讼法 第四十六条)."""
    return calendar_period(calendar, rule=LITIGATION, start=known_on, rollover=rollover)


def litigation_after_review_deadline(
    calendar: WorkCalendar, *, decision_received: date, rollover: bool = True
) -> Deadline:
    """复议后起诉: 15 days from receiving the review decision (行政诉讼法 第四十五条)."""
    return calendar_period(
        calendar, rule=LITIGATION_AFTER_REVIEW, start=decision_received, rollover=rollover
    )
