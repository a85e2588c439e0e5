"""Writes to the calendar and the deadline ledger.

Every calendar edit (a day set or removed, a year imported or (un)confirmed) is one transaction
that records a :class:`CalendarChange`, writes an audit event and recomputes the open deadlines
the edit can affect, recording each move as a :class:`DeadlineChange` (old date, new date, why).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from gongkai.calendars import deadlines as engine
from gongkai.calendars.models import (
    CalendarChange,
    CalendarDay,
    CalendarYear,
    DeadlineChange,
    Jurisdiction,
    TrackedDeadline,
)
from gongkai.calendars.schedule import Schedule
from gongkai.calendars.selectors import (
    jurisdiction_descendants,
    national_jurisdiction,
    work_calendar,
)
from gongkai.core.audit import audit_record
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can

# --- deadlines ----------------------------------------------------------------------------------


def _pauses_from_json(raw: Iterable[dict]) -> list[engine.Pause]:
    return [
        engine.Pause(
            date.fromisoformat(p["start"]),
            date.fromisoformat(p["end"]),
            p.get("reason") or "暂停计算",
        )
        for p in raw
    ]


def pauses_to_json(pauses: Iterable[engine.Pause]) -> list[dict]:
    return [
        {"start": p.start.isoformat(), "end": p.end.isoformat(), "reason": p.reason} for p in pauses
    ]


def deadline_compute(
    *,
    rule: str,
    start: date,
    working_days: int | None = None,
    pauses: Sequence[engine.Pause] = (),
    trigger: str = "",
    calendar: engine.WorkCalendar,
) -> engine.Deadline:
    spec = engine.RULES[rule]
    if spec.working_days:
        return engine.add_working_days(
            calendar,
            start=start,
            n=working_days or spec.working_days,
            rule=spec,
            pauses=pauses,
            trigger=trigger or None,
        )
    return engine.calendar_period(calendar, rule=spec, start=start)


def _apply(deadline: TrackedDeadline, result: engine.Deadline) -> None:
    deadline.due = result.due
    deadline.internal_due = result.internal_due
    deadline.confirmed = result.confirmed
    deadline.explanation = list(result.explanation)


@transaction.atomic
def deadline_track(
    *,
    rule: str,
    start: date,
    jurisdiction: Jurisdiction | None = None,
    working_days: int | None = None,
    pauses: Sequence[engine.Pause] = (),
    trigger: str = "",
    label: str = "",
    subject: models.Model | None = None,
) -> TrackedDeadline:
    """Start tracking a deadline of an open matter."""
    if rule not in engine.RULES:
        raise InvalidInput(f"未知期限规则：{rule}", field="rule")
    jurisdiction = jurisdiction or national_jurisdiction()
    spec = engine.RULES[rule]
    deadline = TrackedDeadline(
        rule=rule,
        label=label,
        jurisdiction=jurisdiction,
        start=start,
        trigger=trigger,
        working_days=working_days or spec.working_days,
        pauses=pauses_to_json(pauses),
    )
    if subject is not None:
        deadline.subject_type = ContentType.objects.get_for_model(subject)
        deadline.subject_id = str(subject.pk)
    _apply(
        deadline,
        deadline_compute(
            rule=rule,
            start=start,
            working_days=deadline.working_days,
            pauses=pauses,
            trigger=trigger,
            calendar=work_calendar(jurisdiction),
        ),
    )
    deadline.save()
    return deadline


@transaction.atomic
def deadline_update(
    *,
    deadline: TrackedDeadline,
    reason: str,
    start: date | None = None,
    working_days: int | None = None,
    pauses: Sequence[engine.Pause] | None = None,
    trigger: str | None = None,
) -> TrackedDeadline:
    """Change what a deadline depends on (a 补正 restart, an extension, a pause) and recompute;
    a moved date is recorded with ``reason``."""
    deadline = TrackedDeadline.objects.select_for_update().get(pk=deadline.pk)
    if start is not None:
        deadline.start = start
    if working_days is not None:
        deadline.working_days = working_days
    if pauses is not None:
        deadline.pauses = pauses_to_json(pauses)
    if trigger is not None:
        deadline.trigger = trigger
    _recompute_one(deadline, work_calendar(deadline.jurisdiction), reason=reason, change=None)
    deadline.save()
    return deadline


@transaction.atomic
def deadline_close(*, deadline: TrackedDeadline) -> None:
    TrackedDeadline.objects.filter(pk=deadline.pk).update(is_open=False)
    deadline.is_open = False


def _recompute_one(
    deadline: TrackedDeadline,
    calendar: engine.WorkCalendar,
    *,
    reason: str,
    change: CalendarChange | None,
) -> bool:
    old_due, old_confirmed = deadline.due, deadline.confirmed
    _apply(
        deadline,
        deadline_compute(
            rule=deadline.rule,
            start=deadline.start,
            working_days=deadline.working_days,
            pauses=_pauses_from_json(deadline.pauses),
            trigger=deadline.trigger,
            calendar=calendar,
        ),
    )
    moved = deadline.due != old_due or deadline.confirmed != old_confirmed
    if moved and old_due is not None:
        DeadlineChange.objects.create(
            deadline=deadline,
            old_due=old_due,
            new_due=deadline.due,
            old_confirmed=old_confirmed,
            new_confirmed=deadline.confirmed,
            reason=reason,
            calendar_change=change,
        )
    return moved


def deadlines_recompute(
    *,
    reason: str,
    jurisdiction: Jurisdiction | None = None,
    first: date | None = None,
    last: date | None = None,
    change: CalendarChange | None = None,
) -> int:
    """Recompute open deadlines that a calendar change between ``first`` and ``last`` can move:
    those of the jurisdiction (and the areas inheriting from it) that started before ``last`` and
    are due on or after ``first``. Without bounds, every open deadline. Returns how many moved."""
    queryset = TrackedDeadline.objects.filter(is_open=True).select_for_update()
    if jurisdiction is not None:
        queryset = queryset.filter(jurisdiction__in=jurisdiction_descendants(jurisdiction))
    if last is not None:
        queryset = queryset.filter(start__lt=last)
    if first is not None:
        queryset = queryset.filter(due__gte=first)
    calendars: dict[int, engine.WorkCalendar] = {}
    moved: list[TrackedDeadline] = []
    with transaction.atomic():
        for deadline in queryset.order_by("pk"):
            calendar = calendars.get(deadline.jurisdiction_id)
            if calendar is None:
                calendar = calendars[deadline.jurisdiction_id] = work_calendar(
                    deadline.jurisdiction
                )
            if _recompute_one(deadline, calendar, reason=reason, change=change):
                moved.append(deadline)
        TrackedDeadline.objects.bulk_update(
            moved, ["due", "internal_due", "confirmed", "explanation", "updated_at"], batch_size=500
        )
    return len(moved)


# --- the calendar ------------------------------------------------------------------------------


def _require_calendar_manager(actor) -> None:
    if actor is not None and not user_can(actor, Capability.CALENDAR_MANAGE):
        raise NotAllowed("只有管理员可以修改工作日历")


def _record_change(
    *,
    actor,
    jurisdiction: Jurisdiction,
    summary: str,
    first: date,
    last: date,
    action: str,
    data: dict,
) -> tuple[CalendarChange, int]:
    change = CalendarChange.objects.create(
        jurisdiction=jurisdiction,
        actor=actor,
        summary=summary[:300],
        first_date=first,
        last_date=last,
    )
    moved = deadlines_recompute(
        reason=f"工作日历变更：{summary}"[:300],
        jurisdiction=jurisdiction,
        first=first,
        last=last,
        change=change,
    )
    audit_record(
        actor=actor,
        action=action,
        target=change,
        data={**data, "jurisdiction": jurisdiction.code, "deadlines_moved": moved},
    )
    return change, moved


@transaction.atomic
def calendar_day_set(
    *, actor, jurisdiction: Jurisdiction, day: date, kind: str, name: str
) -> tuple[CalendarDay, int]:
    """Mark a date as a holiday or a make-up workday. Returns the row and how many deadlines moved."""
    _require_calendar_manager(actor)
    if kind not in CalendarDay.Kind.values:
        raise InvalidInput(f"未知类型：{kind}", field="kind")
    if not name.strip():
        raise InvalidInput("请填写节日名称", field="name")
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        raise InvalidInput("调休上班日应为周六或周日", field="date")
    row, _ = CalendarDay.objects.update_or_create(
        jurisdiction=jurisdiction, date=day, defaults={"kind": kind, "name": name.strip()}
    )
    label = "法定节假日" if kind == CalendarDay.Kind.HOLIDAY else "调休上班日"
    _, moved = _record_change(
        actor=actor,
        jurisdiction=jurisdiction,
        summary=f"{jurisdiction.name} {day.isoformat()} 设为{label}（{name.strip()}）",
        first=day,
        last=day,
        action="calendar.day_set",
        data={"date": day.isoformat(), "kind": kind, "name": name.strip()},
    )
    return row, moved


@transaction.atomic
def calendar_day_delete(*, actor, row: CalendarDay) -> int:
    _require_calendar_manager(actor)
    jurisdiction, day, kind, name = row.jurisdiction, row.date, row.kind, row.name
    row.delete()
    _, moved = _record_change(
        actor=actor,
        jurisdiction=jurisdiction,
        summary=f"{jurisdiction.name} 删除 {day.isoformat()}（{name}）",
        first=day,
        last=day,
        action="calendar.day_delete",
        data={"date": day.isoformat(), "kind": kind, "name": name},
    )
    return moved


@transaction.atomic
def calendar_year_set_confirmed(
    *, actor, jurisdiction: Jurisdiction, year: int, confirmed: bool, source: str = ""
) -> int:
    _require_calendar_manager(actor)
    row, _ = CalendarYear.objects.get_or_create(jurisdiction=jurisdiction, year=year)
    if row.confirmed == confirmed and (not source or row.source == source):
        return 0
    row.confirmed = confirmed
    if source:
        row.source = source
    row.save()
    _, moved = _record_change(
        actor=actor,
        jurisdiction=jurisdiction,
        summary=f"{jurisdiction.name} {year}年日历{'确认' if confirmed else '取消确认'}",
        first=date(year, 1, 1),
        last=date(year, 12, 31),
        action="calendar.year_confirm",
        data={"year": year, "confirmed": confirmed},
    )
    return moved


@dataclass(frozen=True)
class YearImport:
    year: int
    added: int
    changed: int
    removed: int
    deadlines_moved: int


@transaction.atomic
def calendar_year_import(
    *, actor, jurisdiction: Jurisdiction, schedule: Schedule, confirm: bool = True
) -> YearImport:
    """Replace a year's days with a State Council (or local) notice and mark the year confirmed.

    All or nothing: the schedule was validated as a whole before this runs."""
    _require_calendar_manager(actor)
    year = schedule.year
    new = {e.day: (e.kind, e.name) for e in schedule.entries}
    existing = {
        row.date: row
        for row in CalendarDay.objects.filter(jurisdiction=jurisdiction).filter(
            models.Q(date__year=year) | models.Q(date__in=list(new))
        )
    }
    added = changed = 0
    touched: list[date] = []
    for day, (kind, name) in new.items():
        row = existing.pop(day, None)
        if row is None:
            CalendarDay.objects.create(jurisdiction=jurisdiction, date=day, kind=kind, name=name)
            added += 1
            touched.append(day)
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            row.save(update_fields=["kind", "name", "updated_at"])
            changed += 1
            touched.append(day)
    removed = len(existing)
    touched += list(existing)
    CalendarDay.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
    year_row, _ = CalendarYear.objects.get_or_create(jurisdiction=jurisdiction, year=year)
    confirmation_changed = confirm and not year_row.confirmed
    year_row.confirmed = year_row.confirmed or confirm
    year_row.source = schedule.source or year_row.source
    year_row.save()
    moved = 0
    if touched or confirmation_changed:
        first = min([*touched, date(year, 1, 1)]) if confirmation_changed else min(touched)
        last = max([*touched, date(year, 12, 31)]) if confirmation_changed else max(touched)
        _, moved = _record_change(
            actor=actor,
            jurisdiction=jurisdiction,
            summary=f"{jurisdiction.name} 导入{year}年放假安排"
            + (f"（{schedule.source}）" if schedule.source else ""),
            first=first,
            last=last,
            action="calendar.year_import",
            data={"year": year, "added": added, "changed": changed, "removed": removed},
        )
    return YearImport(year, added, changed, removed, moved)
