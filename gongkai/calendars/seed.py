"""The calendar seed: chinesecalendar's data tables (2004–2026), as plain entries.

Only the data tables are used — never ``find_workday``, which is off by one when the start day is
a holiday and raises for years it lacks (notes/stack.md §2).
"""

from __future__ import annotations

from datetime import date

from chinese_calendar import constants

SEED_SOURCE = "chinesecalendar 1.11.0 数据表（国务院办公厅历年部分节假日安排的通知）"


def _chinese_name(english: str) -> str:
    for holiday in constants.Holiday:
        if holiday.value == english:
            return holiday.chinese
    return english


def seed_entries(first_year: int = 2004, last_year: int = 2026) -> list[tuple[date, str, str]]:
    """(date, "holiday" | "workday", Chinese name) for every listed day in the year range."""
    entries = [
        (day, "holiday", _chinese_name(name))
        for day, name in constants.holidays.items()
        if first_year <= day.year <= last_year
    ]
    entries += [
        (day, "workday", _chinese_name(name))
        for day, name in constants.workdays.items()
        if first_year <= day.year <= last_year
    ]
    return sorted(entries)


def seed_years(first_year: int = 2004, last_year: int = 2026) -> list[int]:
    return list(range(first_year, last_year + 1))
