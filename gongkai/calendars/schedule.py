"""Reading a year's holiday schedule (国务院办公厅关于某年部分节假日安排的通知) from a small file.

Two formats, both small enough to type from the notice:

CSV (header required; ``kind`` is ``holiday``/``休`` or ``workday``/``班``)::

    date,kind,name
    2027-01-01,holiday,元旦
    2027-02-07,workday,春节

YAML (a name maps to a date, a list of dates, or a range ``FIRST..LAST``)::

    year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知
    holidays:
      元旦: 2027-01-01
      春节: 2027-02-05..2027-02-12
    workdays:
      春节: [2027-02-07, 2027-02-20]

Pure: no ORM. Errors name the line (CSV) or the entry (YAML).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

import yaml

KIND_ALIASES = {
    "holiday": "holiday",
    "休": "holiday",
    "假": "holiday",
    "workday": "workday",
    "班": "workday",
    "上班": "workday",
}


class ScheduleError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(f"第{line}行：{message}" if line else message)


@dataclass(frozen=True)
class ScheduleEntry:
    day: date
    kind: str  # "holiday" | "workday"
    name: str


@dataclass(frozen=True)
class Schedule:
    year: int
    entries: tuple[ScheduleEntry, ...]
    source: str = ""
    jurisdiction: str | None = None


def parse_schedule(text: str, *, filename: str, year: int | None = None) -> Schedule:
    if filename.lower().endswith(".csv"):
        return _validated(_parse_csv(text), year=year, source="", jurisdiction=None)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ScheduleError(f"YAML 格式错误：{exc}") from None
    if not isinstance(data, dict):
        raise ScheduleError("文件应为 YAML 映射（year / holidays / workdays）或带表头的 CSV")
    entries = []
    for key, kind in (("holidays", "holiday"), ("workdays", "workday")):
        section = data.get(key) or {}
        if not isinstance(section, dict):
            raise ScheduleError(f"{key} 应为“名称: 日期”的映射")
        for name, value in section.items():
            for day in _dates(value, where=f"{key}.{name}"):
                entries.append((None, ScheduleEntry(day, kind, str(name).strip())))
    declared = data.get("year")
    if declared is not None and not isinstance(declared, int):
        raise ScheduleError("year 应为四位年份")
    return _validated(
        entries,
        year=year or declared,
        source=str(data.get("source") or ""),
        jurisdiction=data.get("jurisdiction"),
    )


def _parse_csv(text: str) -> list[tuple[int, ScheduleEntry]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = [(n, row) for n, row in enumerate(reader, start=1) if any(c.strip() for c in row)]
    if not rows:
        raise ScheduleError("文件为空")
    header = [c.strip().lower() for c in rows[0][1]]
    columns = {"date": ("date", "日期"), "kind": ("kind", "类型"), "name": ("name", "名称")}
    index = {}
    for key, names in columns.items():
        found = [i for i, h in enumerate(header) if h in names]
        if not found:
            raise ScheduleError(f"缺少表头列 {key}（应为 date,kind,name）", 1)
        index[key] = found[0]
    entries = []
    for line, row in rows[1:]:
        try:
            raw_date, raw_kind, name = (row[index[k]].strip() for k in ("date", "kind", "name"))
        except IndexError:
            raise ScheduleError("列数不足", line) from None
        kind = KIND_ALIASES.get(raw_kind.lower())
        if kind is None:
            raise ScheduleError(f"类型“{raw_kind}”无效，应为 holiday/休 或 workday/班", line)
        entries.append((line, ScheduleEntry(_date(raw_date, line=line), kind, name)))
    return entries


def _date(value, *, line: int | None = None, where: str = "") -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        prefix = f"{where}：" if where else ""
        raise ScheduleError(f"{prefix}日期“{value}”无效，应为 YYYY-MM-DD", line) from None


def _dates(value, *, where: str) -> list[date]:
    if isinstance(value, list):
        return [d for item in value for d in _dates(item, where=where)]
    if isinstance(value, str) and ".." in value:
        first, last = (_date(p, where=where) for p in value.split("..", 1))
        if last < first:
            raise ScheduleError(f"{where}：日期范围 {value} 的结束日早于开始日")
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return [_date(value, where=where)]


def _validated(entries, *, year: int | None, source: str, jurisdiction) -> Schedule:
    if not entries:
        raise ScheduleError("没有任何日期")
    if year is None:
        year = Counter(e.day.year for _, e in entries).most_common(1)[0][0]
    seen: dict[date, int | None] = {}
    for line, entry in entries:
        if not entry.name:
            raise ScheduleError(f"{entry.day.isoformat()} 缺少名称", line)
        if entry.day in seen:
            raise ScheduleError(f"{entry.day.isoformat()} 重复出现", line)
        seen[entry.day] = line
        # A notice for year Y may place make-up days in late December of Y-1 or early January of Y+1.
        adjacent = (entry.day.year == year - 1 and entry.day.month == 12) or (
            entry.day.year == year + 1 and entry.day.month == 1
        )
        if entry.day.year != year and not adjacent:
            raise ScheduleError(f"{entry.day.isoformat()} 不属于{year}年的放假安排", line)
        if entry.kind == "workday" and entry.day.weekday() < 5:
            raise ScheduleError(f"{entry.day.isoformat()} 是工作日，调休上班日应为周六或周日", line)
    return Schedule(
        year=year,
        entries=tuple(sorted((e for _, e in entries), key=lambda e: e.day)),
        source=source,
        jurisdiction=str(jurisdiction) if jurisdiction else None,
    )
