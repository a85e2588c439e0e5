"""Calendar edits recompute the open deadlines they can affect and record why each moved."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.calendars.deadlines import Pause
from gongkai.calendars.models import (
    CalendarChange,
    CalendarDay,
    CalendarYear,
    DeadlineChange,
    Jurisdiction,
)
from gongkai.calendars.schedule import parse_schedule
from gongkai.calendars.selectors import national_jurisdiction, work_calendar
from gongkai.calendars.services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_year_import,
    calendar_year_set_confirmed,
    deadline_close,
    deadline_track,
    deadline_update,
)
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role, Scope

D = date.fromisoformat

SCHEDULE_2027 = """
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知
holidays:
  元旦: 2027-01-01..2027-01-03
  春节: 2027-02-06..2027-02-13
workdays:
  春节: [2027-02-14]
"""


@pytest.mark.django_db
def test_seeded_calendar_has_2004_to_2026_confirmed_and_2027_not():
    calendar = work_calendar()
    assert {2004, 2016, 2026} <= calendar.confirmed_years
    assert 2027 not in calendar.confirmed_years
    assert calendar.holidays[D("2026-10-01")] == "国庆节"
    assert calendar.makeup_workdays[D("2026-10-10")] == "国庆节"


@pytest.mark.django_db
def test_calendar_edit_moves_an_open_deadline_and_records_why(tree, make_staff):
    # given an open reply deadline running across 2026-11-16 and an admin
    admin = make_staff(tree["gov"], Role.ADMIN, Scope.SUBTREE)
    open_case = deadline_track(rule="reply", start=D("2026-11-02"), label="申请 A 答复期限")
    closed_case = deadline_track(rule="reply", start=D("2026-11-02"), label="申请 B 答复期限")
    deadline_close(deadline=closed_case)
    unaffected = deadline_track(rule="reply", start=D("2026-12-01"), label="申请 C 答复期限")
    assert open_case.due == D("2026-11-30")

    # when a local holiday is declared on 2026-11-16
    _, moved = calendar_day_set(
        actor=admin,
        jurisdiction=national_jurisdiction(),
        day=D("2026-11-16"),
        kind="holiday",
        name="特别假日",
    )

    # then the open deadline moves one working day; the closed and later ones do not
    open_case.refresh_from_db()
    closed_case.refresh_from_db()
    unaffected.refresh_from_db()
    assert moved == 1
    assert open_case.due == D("2026-12-01")
    assert closed_case.due == D("2026-11-30")
    assert unaffected.due == D("2026-12-29")
    change = DeadlineChange.objects.get(deadline=open_case)
    assert (change.old_due, change.new_due) == (D("2026-11-30"), D("2026-12-01"))
    assert "2026-11-16" in change.reason and "特别假日" in change.reason
    assert change.calendar_change.actor == admin
    assert any("特别假日" in line for line in open_case.explanation)
    assert AuditEvent.objects.filter(action="calendar.day_set", actor=admin.username).exists()

    # and removing the holiday moves it back
    calendar_day_delete(actor=admin, row=CalendarDay.objects.get(date=D("2026-11-16")))
    open_case.refresh_from_db()
    assert open_case.due == D("2026-11-30")
    assert open_case.changes.count() == 2


@pytest.mark.django_db
def test_importing_next_years_notice_confirms_it_and_redates_open_deadlines():
    # given a deadline computed before 2027's schedule exists (元旦 counted as a working day)
    deadline = deadline_track(rule="reply", start=D("2026-12-15"))
    assert (deadline.due, deadline.confirmed) == (D("2027-01-12"), False)

    # when the State Council notice for 2027 is imported
    schedule = parse_schedule(SCHEDULE_2027, filename="2027.yaml")
    result = calendar_year_import(
        actor=None, jurisdiction=national_jurisdiction(), schedule=schedule
    )

    # then the year is confirmed and the deadline skips 1–3 January
    deadline.refresh_from_db()
    assert result.added == 12 and result.deadlines_moved == 1
    assert (deadline.due, deadline.confirmed) == (D("2027-01-13"), True)
    assert CalendarYear.objects.get(jurisdiction__code="CN", year=2027).confirmed
    change = deadline.changes.get()
    assert change.old_confirmed is False and change.new_confirmed is True
    assert "2027" in change.calendar_change.summary

    # and importing the same file again changes nothing
    again = calendar_year_import(
        actor=None, jurisdiction=national_jurisdiction(), schedule=schedule
    )
    assert (again.added, again.changed, again.removed, again.deadlines_moved) == (0, 0, 0, 0)


@pytest.mark.django_db
def test_confirming_a_year_without_days_clears_the_warning():
    deadline = deadline_track(rule="correction_notice", start=D("2027-03-01"))
    assert deadline.confirmed is False
    calendar_year_set_confirmed(
        actor=None, jurisdiction=national_jurisdiction(), year=2027, confirmed=True
    )
    deadline.refresh_from_db()
    assert deadline.confirmed is True
    assert not any("尚未确认" in line for line in deadline.explanation)


@pytest.mark.django_db
def test_local_holiday_applies_to_the_local_jurisdiction_only():
    nation = national_jurisdiction()
    local = Jurisdiction.objects.create(code="GX", name="广西壮族自治区", parent=nation)
    national_case = deadline_track(rule="reply", start=D("2026-04-13"))
    local_case = deadline_track(rule="reply", start=D("2026-04-13"), jurisdiction=local)
    calendar_day_set(
        actor=None, jurisdiction=local, day=D("2026-04-20"), kind="holiday", name="壮族三月三"
    )
    national_case.refresh_from_db()
    local_case.refresh_from_db()
    # 5/1–5/5 劳动节, 5/9 make-up Saturday counted
    assert national_case.due == D("2026-05-13")
    assert local_case.due == D("2026-05-14")
    assert work_calendar(local).holidays[D("2026-05-01")] == "劳动节"  # inherited


@pytest.mark.django_db
def test_pause_and_extension_updates_are_recorded(tree):
    deadline = deadline_track(rule="reply", start=D("2026-11-02"))
    deadline_update(
        deadline=deadline,
        reason="征求第三方意见",
        pauses=[Pause(D("2026-11-09"), D("2026-11-13"), "征求第三方意见")],
    )
    deadline.refresh_from_db()
    assert deadline.due == D("2026-12-07")
    deadline_update(deadline=deadline, reason="经公开办负责人批准延长", working_days=40)
    deadline.refresh_from_db()
    # 2027-01-01 is still an unconfirmed year: counted as an ordinary Friday
    assert deadline.due == D("2027-01-04")
    assert [c.reason for c in deadline.changes.order_by("id")] == [
        "征求第三方意见",
        "经公开办负责人批准延长",
    ]


@pytest.mark.django_db
def test_only_administrators_may_edit_the_calendar(tree, make_staff):
    handler = make_staff(tree["a"], Role.HANDLER)
    with pytest.raises(NotAllowed):
        calendar_day_set(
            actor=handler,
            jurisdiction=national_jurisdiction(),
            day=D("2026-11-16"),
            kind="holiday",
            name="x",
        )
    assert not CalendarChange.objects.exists()


@pytest.mark.django_db
def test_a_makeup_workday_must_fall_on_a_weekend():
    with pytest.raises(InvalidInput, match="周六或周日"):
        calendar_day_set(
            actor=None,
            jurisdiction=national_jurisdiction(),
            day=D("2026-11-18"),
            kind="workday",
            name="x",
        )
