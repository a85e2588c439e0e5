"""Computing an organ's annual-report statistics from Gongkai's records — set-based aggregate
queries, no per-case loops.

Counting rules for statistics year Y (issue #4; spec §3.4, §8 items 6 and 9):

- Only applications with a receipt date count (条例 第三十一条: an online application not yet
  confirmed has not been received).
- R1 本年新收 = applications received in Y.
- R2 上年结转 = applications received before Y and not closed before 1 January of Y.
- R3.* 本年度办理结果 = applications closed in Y, in the row of their outcome (one row per
  application: ``cases.outcomes.application_row``); R3.7 = their sum.
- R4 结转下年度继续办理 = applications received by 31 December of Y and not closed by then.
- The columns follow the applicant type (自然人 / 商业企业 / 科研机构 / 社会公益组织 /
  法律服务机构 / 其他); TOT is their sum.
  Hence R1 + R2 = R3.7 + R4 for every column, by construction.
- Table 四 counts the reviews and lawsuits filed in Y by their result as known now (not yet
  decided = 尚未审结).
- A government's report covers itself and its sub-organs, except sub-organs marked
  ``excluded_from_rollup`` (and theirs): their figures are reported elsewhere (seed 003). A
  department's or township's report covers that organ alone.
- Table 二 comes from the publications records (documents, administrative decisions, fees).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from gongkai.cases.models import Application, Remedy
from gongkai.orgs.models import Organ
from gongkai.reports.statistics import (
    APPLICANT_COLUMNS,
    OUTCOME_ROWS,
    PROACTIVE_LAYOUTS,
    Statistics,
    format_for_year,
)


def report_organ_ids(organ: Organ) -> list[int]:
    """The organs whose records a report covers."""
    if organ.level != Organ.Level.GOVERNMENT:
        return [organ.pk]
    subtree = list(
        Organ.objects.filter(path__startswith=organ.path).values_list(
            "pk", "path", "excluded_from_rollup"
        )
    )
    excluded = [path for pk, path, out in subtree if out and pk != organ.pk]
    return [
        pk for pk, path, _ in subtree if not any(path.startswith(prefix) for prefix in excluded)
    ]


def compute_statistics(
    organ: Organ, year: int, *, manual: dict | None = None, organ_ids: list[int] | None = None
) -> Statistics:
    """The report's figures; ``organ_ids`` narrows them (e.g. a government's own records only)."""
    return compute_years(organ, [year], manual=manual, organ_ids=organ_ids)[year]


def compute_years(
    organ: Organ,
    years: list[int],
    *,
    manual: dict | None = None,
    organ_ids: list[int] | None = None,
) -> dict[int, Statistics]:
    """The figures of several years at once (a report and the previous year it is checked
    against): the application tables of all of them come from one pass over the cases.
    ``manual`` cells apply to the latest year only."""
    ids = organ_ids if organ_ids is not None else report_organ_ids(organ)
    by_year = {
        year: Statistics.blank(organ=organ.name, organ_code=organ.code, year=year)
        for year in sorted(set(years))
    }
    fill_applications_years(by_year, ids)
    for year, stats in by_year.items():
        fill_remedies(stats, ids, year)
        fill_proactive(stats, ids, year)
    latest = by_year[max(by_year)]
    for path, value in (manual or {}).items():
        latest.set(
            path, Decimal(str(value)) if path.endswith(".amount") and value is not None else value
        )
    return by_year


def fill_applications(stats: Statistics, organ_ids: list[int], year: int) -> None:
    fill_applications_years({year: stats}, organ_ids)


def fill_applications_years(by_year: dict[int, Statistics], organ_ids: list[int]) -> None:
    """Table 三 for each year, by the counting rules above. Two aggregate queries in all,
    whatever the number of years: one for the flows (R1, R2, R4), one for the outcomes (R3)."""
    spans = {year: (date(year, 1, 1), date(year, 12, 31)) for year in by_year}
    first, last = min(s for s, _ in spans.values()), max(e for _, e in spans.values())
    received = Application.objects.filter(organ_id__in=organ_ids, received_on__isnull=False)
    flow_counts, outcome_counts = {}, {}
    for year, (start, end) in spans.items():
        # open at some time in the year: received by its end, not closed before its start
        in_year = Q(received_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        flow_counts[f"r1_{year}"] = Count("pk", filter=in_year & Q(received_on__gte=start))
        flow_counts[f"r2_{year}"] = Count("pk", filter=in_year & Q(received_on__lt=start))
        flow_counts[f"r4_{year}"] = Count(
            "pk", filter=in_year & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        )
        outcome_counts[f"n_{year}"] = Count(
            "pk", filter=Q(closed_on__gte=start, closed_on__lte=end)
        )
    flows = (
        received.filter(received_on__lte=last)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first))
        .values("applicant_type")
        .annotate(**flow_counts)
    )
    for row in flows:
        column = row["applicant_type"]
        for year, stats in by_year.items():
            apps = stats.applications
            apps["R1"][column] = row[f"r1_{year}"]
            apps["R2"][column] = row[f"r2_{year}"]
            apps["R4"][column] = row[f"r4_{year}"]
    outcomes = (
        received.filter(closed_on__gte=first, closed_on__lte=last)
        .values("outcome_row", "applicant_type")
        .annotate(**outcome_counts)
    )
    for row in outcomes:
        for year, stats in by_year.items():
            _add_outcome(stats, row["outcome_row"], row["applicant_type"], row[f"n_{year}"])
    for stats in by_year.values():
        _totals(stats)


def _add_outcome(stats: Statistics, code: str, column: str, n: int) -> None:
    if not n or code not in OUTCOME_ROWS:
        return  # a closed case always has a row; guard against bad imports
    if stats.format == "2019" and code in ("R3.6.1", "R3.6.2"):
        code = "R3.6.3"  # （六）其他处理 is undivided in the 2019 layout
    apps = stats.applications
    apps[code][column] = (apps[code][column] or 0) + n


def _totals(stats: Statistics) -> None:
    apps = stats.applications
    for _row_code, columns in apps.items():
        if all(columns[c] is None for c in APPLICANT_COLUMNS):
            continue
        columns["TOT"] = sum(columns[c] or 0 for c in APPLICANT_COLUMNS)
    for column in (*APPLICANT_COLUMNS, "TOT"):
        apps["R3.7"][column] = sum(apps[code][column] or 0 for code in OUTCOME_ROWS)


def fill_remedies(stats: Statistics, organ_ids: list[int], year: int) -> None:
    rows = (
        Remedy.objects.filter(application__organ_id__in=organ_ids, filed_on__year=year)
        .values("kind", "result")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        stats.remedies[row["kind"]][row["result"]] = row["n"]
    for counts in stats.remedies.values():
        counts["total"] = sum(counts[k] for k in ("upheld", "corrected", "other", "pending"))


def fill_proactive(stats: Statistics, organ_ids: list[int], year: int) -> None:
    """Table 二 from the publications records, when that capability is installed."""
    try:
        from gongkai.publications.selectors import proactive_figures
    except ImportError:
        return
    figures = proactive_figures(organ_ids, year)
    layout = {row.key: row for row in PROACTIVE_LAYOUTS.get(stats.format, ())}
    for row_key, columns in figures.items():
        if row_key not in layout:
            continue
        for column, value in columns.items():
            if column in stats.proactive[row_key]:
                stats.proactive[row_key][column] = value


def has_data(organ: Organ, year: int) -> bool:
    """Whether anything happened in the year for this report's organs (cases open, received or
    closed in it, remedies filed, records published)."""
    ids = report_organ_ids(organ)
    start, end = date(year, 1, 1), date(year, 12, 31)
    if (
        Application.objects.filter(
            organ_id__in=ids, received_on__isnull=False, received_on__lte=end
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .exists()
    ):
        return True
    if Remedy.objects.filter(application__organ_id__in=ids, filed_on__year=year).exists():
        return True
    stats = Statistics.blank(organ=organ.name, year=year)
    fill_proactive(stats, ids, year)
    return any(v for cols in stats.proactive.values() for v in cols.values())


def expected_format(year: int) -> str:
    return format_for_year(year)
