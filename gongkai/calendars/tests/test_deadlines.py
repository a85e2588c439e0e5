"""The pure deadline engine, table-driven.

Expected dates were counted by hand on the 2025/2026 State Council schedules (国办发明电):
2026 春节 2/15–2/23 with make-up Saturdays 2/14 and 2/28; 2026 国庆 10/1–10/7 with make-up
Sunday 9/20 and Saturday 10/10; 2025 国庆+中秋 10/1–10/8 with make-up 9/28 and 10/11.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.calendars import deadlines as engine
from gongkai.calendars.seed import seed_entries, seed_years

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal() -> engine.WorkCalendar:
    entries = seed_entries()
    return engine.WorkCalendar(
        holidays={d: n for d, k, n in entries if k == "holiday"},
        makeup_workdays={d: n for d, k, n in entries if k == "workday"},
        confirmed_years=frozenset(seed_years()),
    )


REPLY_CASES = [
    # id, received, corrected, pauses, extension, reply_due, correction_notice_due
    ("ordinary-week", "2026-11-02", None, [], 0, "2026-11-30", "2026-11-11"),
    ("received-on-holiday", "2026-10-02", None, [], 0, "2026-11-03", "2026-10-15"),
    ("received-on-makeup-saturday", "2026-10-10", None, [], 0, "2026-11-06", "2026-10-20"),
    ("received-on-sunday", "2026-11-01", None, [], 0, "2026-11-27", "2026-11-10"),
    ("just-before-spring-festival", "2026-02-13", None, [], 0, "2026-03-19", "2026-03-02"),
    ("just-before-national-day", "2026-09-30", None, [], 0, "2026-11-03", "2026-10-15"),
    ("before-2025-national-day", "2025-09-30", None, [], 0, "2025-11-04", "2025-10-16"),
    ("correction-restarts-clock", "2026-11-02", "2026-11-20", [], 0, "2026-12-18", "2026-11-11"),
    (
        "overlapping-pauses",
        "2026-11-02",
        None,
        ["2026-11-09:2026-11-13", "2026-11-12:2026-11-18"],
        0,
        "2026-12-10",
        "2026-11-11",
    ),
    ("maximum-extension", "2026-11-02", None, [], 20, "2026-12-28", "2026-11-11"),
    (
        "pause-before-clock-start-ignored",
        "2026-11-02",
        None,
        ["2026-10-20:2026-10-30"],
        0,
        "2026-11-30",
        "2026-11-11",
    ),
]


@pytest.mark.parametrize(
    "received,corrected,pauses,extension,reply,notice",
    [c[1:] for c in REPLY_CASES],
    ids=[c[0] for c in REPLY_CASES],
)
def test_reply_and_correction_notice_due(
    cal, received, corrected, pauses, extension, reply, notice
):
    result = engine.reply_due(
        cal,
        received=D(received),
        corrected=D(corrected) if corrected else None,
        pauses=[engine.parse_pause(p) for p in pauses],
        extension=extension,
    )
    assert result.due == D(reply)
    assert result.confirmed is True
    assert engine.correction_notice_due(cal, received=D(received)).due == D(notice)


def test_deadline_crossing_into_unconfirmed_year_warns_and_counts_weekdays(cal):
    # given a receipt in mid-December 2026; 2027 has no State Council schedule yet
    result = engine.reply_due(cal, received=D("2026-12-15"))
    # then 2027-01-01 (a Friday, certainly 元旦 once confirmed) is counted as a plain weekday
    assert result.due == D("2027-01-12")
    assert result.confirmed is False
    assert result.unconfirmed_years == (2027,)
    assert any("2027年" in line and "尚未确认" in line for line in result.explanation)


def test_makeup_workdays_can_be_excluded_by_setting(cal):
    strict = engine.WorkCalendar(
        holidays=cal.holidays,
        makeup_workdays=cal.makeup_workdays,
        confirmed_years=cal.confirmed_years,
        count_makeup_workdays=False,
    )
    # 2026-10-10 (make-up Saturday) is no longer counted: one working day later than 11-03
    assert engine.reply_due(strict, received=D("2026-09-30")).due == D("2026-11-04")


def test_explanation_names_the_rule_the_skipped_days_and_the_pause(cal):
    result = engine.reply_due(
        cal,
        received=D("2026-09-30"),
        pauses=[engine.Pause(D("2026-10-12"), D("2026-10-16"), "征求第三方意见")],
    )
    text = "\n".join(result.explanation)
    assert "第三十三条" in text
    assert "2026年9月30日（星期三）" in text and "当日不计入" in text
    assert "国庆节" in text
    assert "不计入周末" in text
    assert "计入调休上班日：2026年10月10日（星期六" in text
    assert "征求第三方意见" in text and "其间5个工作日不计入" in text
    assert result.due == D("2026-11-10")


def test_internal_due_counts_the_start_day_only_when_it_is_a_working_day(cal):
    on_working_day = engine.reply_due(cal, received=D("2026-11-02"))
    assert on_working_day.internal_due == D("2026-11-27")
    on_sunday = engine.reply_due(cal, received=D("2026-11-01"))
    assert on_sunday.internal_due == on_sunday.due


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"received": D("2026-11-02"), "extension": 21}, "延长期限"),
        ({"received": D("2026-11-02"), "extension": -1}, "延长期限"),
        ({"received": D("2026-11-02"), "corrected": D("2026-11-01")}, "补正后申请"),
    ],
)
def test_unlawful_input_is_refused(cal, kwargs, message):
    with pytest.raises(engine.DeadlineInputError, match=message):
        engine.reply_due(cal, **kwargs)


@pytest.mark.parametrize("spec", ["2026-11-10:2026-11-01", "2026-11-01", "2026-11-01:tomorrow"])
def test_malformed_or_reversed_pause_is_refused(spec):
    with pytest.raises(engine.DeadlineInputError):
        engine.parse_pause(spec)


def test_other_working_day_periods(cal):
    # 第三十二条: 15 working days from the third party's receipt
    assert engine.consultation_reply_due(cal, letter_received=D("2026-09-28")).due == D(
        "2026-10-23"
    )
    # 109号: fee paid within 20 working days from the day after receipt of the notice
    assert engine.fee_payment_due(cal, notice_received=D("2026-11-02")).due == D("2026-11-30")
    # 第二十六条: 20 working days from formation
    assert engine.proactive_due(cal, formed=D("2026-02-13")).due == D("2026-03-19")


def test_consultation_pause_ends_with_the_opinion_or_the_consulted_partys_deadline(cal):
    early = engine.consultation_pause(
        cal, sent=D("2026-11-02"), letter_received=D("2026-11-04"), opinion_received=D("2026-11-10")
    )
    assert (early.start, early.end) == (D("2026-11-02"), D("2026-11-10"))
    silent = engine.consultation_pause(cal, sent=D("2026-11-02"), letter_received=D("2026-11-04"))
    assert silent.end == D("2026-11-25")  # 15 working days after 11-04


REMEDY_CASES = [
    # id, function, start, expected due, confirmed
    ("review-60-days-ends-saturday", "review", "2026-09-01", "2026-11-02", True),
    ("review-60-days-ends-in-national-day", "review", "2026-08-03", "2026-10-08", True),
    ("review-60-days-ordinary", "review", "2026-06-01", "2026-07-31", True),
    ("litigation-6-months-ordinary", "litigation", "2026-03-31", "2026-09-30", True),
    ("litigation-6-months-month-end-into-2027", "litigation", "2026-08-31", "2027-03-01", False),
    ("after-review-15-days-ends-in-holiday", "after_review", "2026-09-20", "2026-10-08", True),
]


@pytest.mark.parametrize(
    "kind,start,due,confirmed", [c[1:] for c in REMEDY_CASES], ids=[c[0] for c in REMEDY_CASES]
)
def test_remedy_windows(cal, kind, start, due, confirmed):
    functions = {
        "review": lambda d: engine.review_deadline(cal, known_on=d),
        "litigation": lambda d: engine.litigation_deadline(cal, known_on=d),
        "after_review": lambda d: engine.litigation_after_review_deadline(cal, decision_received=d),
    }
    result = functions[kind](D(start))
    assert result.due == D(due)
    assert result.confirmed is confirmed


def test_remedy_rollover_can_be_switched_off(cal):
    assert engine.review_deadline(cal, known_on=D("2026-09-01"), rollover=False).due == D(
        "2026-10-31"
    )


def test_add_months_uses_the_last_day_when_the_month_is_short():
    assert engine.add_months(D("2024-08-31"), 6) == D("2025-02-28")
    assert engine.add_months(D("2023-08-31"), 6) == D("2024-02-29")
    assert engine.add_months(D("2026-07-15"), 6) == D("2027-01-15")


def test_agrees_with_chinesecalendar_is_workday_on_random_dates(cal):
    """Independent oracle: count working days with chinesecalendar's own ``is_workday``."""
    rng = random.Random(2026)
    for _ in range(400):
        start = date(2005, 1, 1) + timedelta(days=rng.randrange(0, 365 * 20))
        n = rng.randint(1, 45)
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            counted += chinese_calendar.is_workday(day)
        assert engine.add_working_days(cal, start=start, n=n, rule=engine.REPLY).due == day, (
            start,
            n,
        )
