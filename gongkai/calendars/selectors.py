"""Reads of the calendar and of deadlines."""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError

from gongkai.calendars.deadlines import WorkCalendar
from gongkai.calendars.models import CalendarDay, CalendarYear, Jurisdiction, TrackedDeadline
from gongkai.calendars.seed import seed_entries, seed_years


def national_jurisdiction() -> Jurisdiction:
    return Jurisdiction.objects.get(code=settings.GONGKAI["NATIONAL_JURISDICTION"])


def jurisdiction_get(code: str | None = None) -> Jurisdiction:
    if not code:
        return national_jurisdiction()
    return Jurisdiction.objects.get(code=code)


def jurisdiction_descendants(jurisdiction: Jurisdiction) -> list[Jurisdiction]:
    """The jurisdiction and every area below it (they inherit its days)."""
    found, frontier = [jurisdiction], [jurisdiction.pk]
    while frontier:
        children = list(Jurisdiction.objects.filter(parent_id__in=frontier))
        found += children
        frontier = [c.pk for c in children]
    return found


_scope = threading.local()


@contextmanager
def calendar_cache():
    """Within this block each jurisdiction's calendar is loaded once (bulk work: demo data,
    imports). Not for code that edits the calendar inside the block."""
    outer = getattr(_scope, "cache", None)
    _scope.cache = outer if outer is not None else {}
    try:
        yield
    finally:
        _scope.cache = outer


def work_calendar(jurisdiction: Jurisdiction | None = None) -> WorkCalendar:
    """The engine's calendar for a jurisdiction: its days over its parents' (nearest wins); a year
    is confirmed when the nation confirmed it and, for areas that publish their own yearly
    schedule, the area confirmed it too."""
    cache = getattr(_scope, "cache", None)
    key = jurisdiction.pk if jurisdiction is not None else None
    if cache is not None and key in cache:
        return cache[key]
    calendar = _load_calendar(jurisdiction)
    if cache is not None:
        cache[key] = calendar
    return calendar


def _load_calendar(jurisdiction: Jurisdiction | None) -> WorkCalendar:
    jurisdiction = jurisdiction or national_jurisdiction()
    chain = jurisdiction.chain()
    distance = {j.pk: i for i, j in enumerate(chain)}
    rows = sorted(
        CalendarDay.objects.filter(jurisdiction__in=chain).values_list(
            "jurisdiction_id", "date", "kind", "name"
        ),
        key=lambda row: -distance[row[0]],
    )
    holidays: dict = {}
    workdays: dict = {}
    for _, day, kind, name in rows:
        if kind == CalendarDay.Kind.HOLIDAY:
            holidays[day] = name
            workdays.pop(day, None)
        else:
            workdays[day] = name
            holidays.pop(day, None)
    confirmed_by = {
        j.pk: set(
            CalendarYear.objects.filter(jurisdiction=j, confirmed=True).values_list(
                "year", flat=True
            )
        )
        for j in chain
        if j.parent_id is None or j.own_yearly_schedule
    }
    confirmed = set.intersection(*confirmed_by.values()) if confirmed_by else set()
    return WorkCalendar(
        holidays=holidays,
        makeup_workdays=workdays,
        confirmed_years=frozenset(confirmed),
        count_makeup_workdays=settings.GONGKAI["COUNT_MAKEUP_WORKDAYS"],
        name=jurisdiction.name,
    )


def builtin_calendar() -> WorkCalendar:
    """The seed data without a database: used when the calendar tables do not exist yet."""
    holidays = {d: n for d, k, n in seed_entries() if k == "holiday"}
    workdays = {d: n for d, k, n in seed_entries() if k == "workday"}
    return WorkCalendar(
        holidays=holidays,
        makeup_workdays=workdays,
        confirmed_years=frozenset(seed_years()),
        count_makeup_workdays=settings.GONGKAI["COUNT_MAKEUP_WORKDAYS"],
        name="全国（内置数据）",
    )


def work_calendar_or_builtin(code: str | None = None) -> tuple[WorkCalendar, bool]:
    """(calendar, from_database). Falls back to the built-in seed when the database has no
    calendar yet (an unmigrated database), so the deadline CLI works anywhere."""
    try:
        return work_calendar(jurisdiction_get(code)), True
    except DatabaseError:
        if code and code != settings.GONGKAI["NATIONAL_JURISDICTION"]:
            raise
        return builtin_calendar(), False


def open_deadlines():
    return TrackedDeadline.objects.filter(is_open=True)
