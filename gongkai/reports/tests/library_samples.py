"""Helpers for the report-library tests (not tests): published reports with chosen figures,
rendered as the HTML page Gongkai itself publishes (which the parser reads back exactly — the
round trip of issue 8), and published Gongkai reports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.utils import timezone

from gongkai.reports.models import AnnualReport
from gongkai.reports.render import ReportDocument, render_html
from gongkai.reports.statistics import Statistics, format_for_year

SEEDS = Path(__file__).parent / "fixtures" / "seeds"


def seed(prefix: str) -> tuple[bytes, str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_bytes(), path.name


def figures(
    organ: str,
    year: int,
    *,
    new: int,
    disclosed: int | None = None,
    withheld: int = 0,
    cannot_provide: int = 0,
    carried_out: int = 0,
    review: int = 0,
    litigation: int = 0,
) -> Statistics:
    """A consistent report: ``new`` applications from natural persons, none carried in; those
    not withheld, unavailable or carried out were disclosed; reviews upheld, lawsuits (direct)
    upheld."""
    stats = Statistics.blank(organ=organ, year=year)
    if disclosed is None:
        disclosed = new - withheld - cannot_provide - carried_out
    concluded = disclosed + withheld + cannot_provide
    assert concluded + carried_out == new
    for row, value in (
        ("R1", new),
        ("R3.1", disclosed),
        ("R3.3.6", withheld),
        ("R3.4.1", cannot_provide),
        ("R3.7", concluded),
        ("R4", carried_out),
    ):
        stats.applications[row]["NP"] = stats.applications[row]["TOT"] = value
    stats.remedies["review"].update(upheld=review, total=review)
    stats.remedies["litigation_direct"].update(upheld=litigation, total=litigation)
    return stats


def report_file(stats: Statistics) -> tuple[bytes, str]:
    """The report as the HTML page Gongkai publishes, and a file name."""
    doc = ReportDocument(
        stats=stats,
        overview=f"<p>{stats.year}年，本机关依法做好政府信息公开工作。</p>",
        problems="<p>公开的及时性仍需提高。</p>",
        other_matters="<p>无。</p>",
    )
    return render_html(doc).encode(), f"{stats.organ}-{stats.year}.html"


def published(organ, stats: Statistics, *, version: int = 1) -> AnnualReport:
    """A report in the state the publish transition leaves it (figures frozen) — a shortcut for
    selector tests; ``test_library_selectors`` also publishes one through the real workflow."""
    year = stats.year
    stats.organ, stats.organ_code = organ.name, organ.code
    return AnnualReport.objects.create(
        organ=organ,
        year=year,
        version=version,
        format=format_for_year(year),
        state=AnnualReport.State.PUBLISHED,
        statistics={**stats.to_dict(), "evidence": {}},
        checks=[],
        due_on=date(year + 1, 1, 31),
        published_at=timezone.now(),
    )
