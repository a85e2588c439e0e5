"""Reads of the report library (年报库), always through the caller's REPORT_VIEW scope.

The library is two sources read side by side, never copied:

- **parsed** — :class:`~gongkai.reports.models.LibraryReport`, published reports read back by
  the parser. Those of an organ in Gongkai are visible within the organs the user may view
  reports of; those of an organ outside Gongkai (no ``organ``) are public documents, visible to
  anyone who may view reports at all.
- **generated** — :class:`~gongkai.reports.models.AnnualReport` in state 已发布: the figures
  Gongkai froze when the report was published (a corrected version replaces the one it
  supersedes, which leaves state 已发布).

Where both exist for the same organ and year, the generated report is the organ's figure for
that year (in series, outlier rules and comparisons); the parsed copy stays in the list, marked.

Every page reads a fixed number of queries: lists load the light columns of every visible
report once (outlier rules need each organ's whole series), comparisons load the full figures
of the chosen organs only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.db.models import Q
from django.db.models.fields.json import KT

from gongkai.core.errors import NotFound
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for
from gongkai.reports.library import outliers
from gongkai.reports.library.compare import Indicators, exact_summary, indicators
from gongkai.reports.models import AnnualReport, LibraryReport
from gongkai.reports.statistics import Statistics

PARSED, GENERATED = "parsed", "generated"
KIND_LABELS = {PARSED: "解析导入", GENERATED: "平台生成"}


@dataclass
class LibraryEntry:
    kind: str  # parsed | generated
    pk: int
    organ: Organ | None
    agency: str  # the publisher's name (the organ's name for generated reports)
    agency_key: str
    year: int
    format: str
    source_name: str
    when: datetime | None  # imported, or published
    applications_new: int | None
    check_errors: int
    empty_tables: str
    flags: list[outliers.Flag] = field(default_factory=list)
    shadowed: bool = False  # a parsed copy of a year for which Gongkai published the report
    # full entries only
    statistics: Statistics | None = None
    summary: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    imported_by: object = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def subject(self) -> str:
        """The organ (``o:code``) or, outside Gongkai, the agency (``a:key``) it belongs to."""
        return f"o:{self.organ.code}" if self.organ else f"a:{self.agency_key}"

    @property
    def name(self) -> str:
        return self.organ.name if self.organ else self.agency

    @property
    def flagged(self) -> bool:
        return bool(self.flags)


@dataclass(frozen=True)
class Subject:
    key: str  # o:code | a:agency_key
    name: str
    organ: Organ | None

    @property
    def label(self) -> str:
        """A short name for charts and narrow tables (the organ's 简称)."""
        return self.organ.short_name if self.organ and self.organ.short_name else self.name


@dataclass(frozen=True)
class LibraryFilter:
    subject: str = ""
    year: int | None = None
    kind: str = ""  # parsed | generated | ""
    flagged: bool = False
    q: str = ""


# --- visibility -----------------------------------------------------------------------------


def _parsed_for(user):
    ids = organ_ids_for(user, Capability.REPORT_VIEW)
    if not ids:
        return LibraryReport.objects.none()
    return LibraryReport.objects.filter(Q(organ_id__in=ids) | Q(organ__isnull=True))


def _generated_for(user):
    ids = organ_ids_for(user, Capability.REPORT_VIEW)
    return AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED, organ_id__in=ids)


def library_visible(user) -> bool:
    return bool(organ_ids_for(user, Capability.REPORT_VIEW))


# --- building entries -----------------------------------------------------------------------


def _parsed_entry(report: LibraryReport, *, full: bool) -> LibraryEntry:
    entry = LibraryEntry(
        kind=PARSED,
        pk=report.pk,
        organ=report.organ,
        agency=report.agency,
        agency_key=report.agency_key,
        year=report.year,
        format=report.format,
        source_name=report.source_name,
        when=report.imported_at,
        applications_new=report.applications_new,
        check_errors=report.check_errors,
        empty_tables=report.empty_tables,
    )
    if full:
        entry.statistics = Statistics.from_dict(report.statistics)
        entry.summary = report.summary
        entry.evidence = report.evidence
        entry.warnings = report.warnings
        entry.imported_by = report.imported_by
    return entry


def _generated_entry(report: AnnualReport, *, full: bool, r1=None) -> LibraryEntry:
    entry = LibraryEntry(
        kind=GENERATED,
        pk=report.pk,
        organ=report.organ,
        agency=report.organ.name,
        agency_key="",
        year=report.year,
        format=report.format,
        source_name=f"第{report.version}版" + ("（更正版）" if report.version > 1 else ""),
        when=report.published_at,
        applications_new=int(r1) if r1 is not None else None,
        # publication refuses failing checks, so this stays 0; counted for completeness
        check_errors=sum(1 for c in report.checks or [] if c.get("severity") == "error"),
        empty_tables="",
    )
    if full:
        entry.statistics = Statistics.from_dict(report.statistics)
        entry.applications_new = entry.statistics.applications.get("R1", {}).get("TOT")
        entry.warnings = list(report.checks or [])
    return entry


def _light_parsed(qs) -> list[LibraryEntry]:
    rows = qs.select_related("organ").defer("statistics", "summary", "evidence", "warnings")
    return [_parsed_entry(r, full=False) for r in rows]


def _light_generated(qs) -> list[LibraryEntry]:
    rows = (
        qs.select_related("organ")
        .annotate(r1=KT("statistics__applications__R1__TOT"))
        .defer("statistics", "overview", "problems", "other_matters", "proactive_manual")
    )
    return [_generated_entry(r, full=False, r1=r.r1) for r in rows]


def _flag(entries: list[LibraryEntry]) -> list[LibraryEntry]:
    """Set each entry's flags and mark parsed copies of years Gongkai published. The series of
    an organ takes, for each year, the generated report when there is one."""
    preferred: dict[tuple[str, int], LibraryEntry] = {}
    for entry in entries:
        key = (entry.subject, entry.year)
        current = preferred.get(key)
        if current is None or (current.kind == PARSED and entry.kind == GENERATED):
            preferred[key] = entry
    series: dict[str, dict[int, int | None]] = defaultdict(dict)
    for (subject, year), entry in preferred.items():
        series[subject][year] = entry.applications_new
    by_series = {subject: outliers.series_flags(values) for subject, values in series.items()}
    for entry in entries:
        key = (entry.subject, entry.year)
        entry.shadowed = entry.kind == PARSED and preferred[key].kind == GENERATED
        own = [
            outliers.failed_checks(entry.check_errors),
            outliers.tables_left_empty(entry.empty_tables),
        ]
        entry.flags = [
            *by_series.get(entry.subject, {}).get(entry.year, []),
            *(f for f in own if f is not None),
        ]
    return entries


def _order(entries: Iterable[LibraryEntry]) -> list[LibraryEntry]:
    return sorted(
        entries,
        key=lambda e: (-e.year, e.organ.path if e.organ else "~" + e.agency_key, e.kind, -e.pk),
    )


# --- the list -------------------------------------------------------------------------------


def library_entries_for(user, filters: LibraryFilter | None = None) -> list[LibraryEntry]:
    """Every report the user may see, newest year first, with their flags; ``filters`` narrows
    the list (the flags are always computed over each organ's whole series)."""
    if not library_visible(user):
        return []
    entries = _flag(_light_parsed(_parsed_for(user)) + _light_generated(_generated_for(user)))
    return apply_filter(entries, filters or LibraryFilter())


def apply_filter(entries: Iterable[LibraryEntry], filters: LibraryFilter) -> list[LibraryEntry]:
    q = filters.q.strip()
    return _order(
        e
        for e in entries
        if (not filters.subject or e.subject == filters.subject)
        and (filters.year is None or e.year == filters.year)
        and (not filters.kind or e.kind == filters.kind)
        and (not filters.flagged or e.flags)
        and (not q or q in e.name or q in e.agency or q in e.source_name)
    )


def library_subjects(entries: Iterable[LibraryEntry]) -> list[Subject]:
    """The organs and outside agencies the entries belong to: organs in tree order first."""
    seen: dict[str, Subject] = {}
    for entry in entries:
        seen.setdefault(entry.subject, Subject(entry.subject, entry.name, entry.organ))
    return sorted(
        seen.values(),
        key=lambda s: (s.organ is None, s.organ.path if s.organ else s.name),
    )


def library_years(entries: Iterable[LibraryEntry]) -> list[int]:
    return sorted({e.year for e in entries}, reverse=True)


# --- one report -----------------------------------------------------------------------------


def library_entry_get_for(user, *, kind: str, pk: int) -> LibraryEntry:
    """One report with its figures, evidence, warnings and flags."""
    if kind == PARSED:
        report = _parsed_for(user).select_related("organ", "imported_by").filter(pk=pk).first()
        entry = _parsed_entry(report, full=True) if report else None
    elif kind == GENERATED:
        report = _generated_for(user).select_related("organ").filter(pk=pk).first()
        entry = _generated_entry(report, full=True) if report else None
    else:
        entry = None
    if entry is None:
        raise NotFound("报告不存在或您无权查看")
    series = _series_for(user, [entry.subject])
    flagged = _flag([e for e in series if (e.kind, e.pk) != (entry.kind, entry.pk)] + [entry])
    return flagged[-1]


def _series_for(user, subjects: Iterable[str], *, full: bool = False) -> list[LibraryEntry]:
    """Every visible report of the given subjects (all years)."""
    codes = [s[2:] for s in subjects if s.startswith("o:")]
    keys = [s[2:] for s in subjects if s.startswith("a:")]
    if not codes and not keys:
        return []
    condition = Q(organ__code__in=codes) | Q(organ__isnull=True, agency_key__in=keys)
    parsed = _parsed_for(user).filter(condition)
    generated = _generated_for(user).filter(organ__code__in=codes)
    if not full:
        return _light_parsed(parsed) + _light_generated(generated)
    return [_parsed_entry(r, full=True) for r in parsed.select_related("organ", "imported_by")] + [
        _generated_entry(r, full=True) for r in generated.select_related("organ")
    ]


# --- comparison -----------------------------------------------------------------------------


@dataclass
class ComparisonRow:
    subject: Subject
    year: int
    entry: LibraryEntry | None  # None: no report for that year
    figures: Indicators | None

    @property
    def flags(self) -> list[outliers.Flag]:
        return self.entry.flags if self.entry else []


@dataclass
class Comparison:
    subjects: list[Subject]
    years: list[int]
    rows: list[ComparisonRow]

    def row(self, subject: str, year: int) -> ComparisonRow | None:
        return next((r for r in self.rows if r.subject.key == subject and r.year == year), None)

    def series(self, subject: str) -> list[ComparisonRow]:
        return [r for r in self.rows if r.subject.key == subject]


def default_subjects(user, subjects: list[Subject], *, limit: int = 8) -> list[str]:
    """The user's sub-organs side by side: the organs they may view reports of that are in the
    library, leaving out an organ whose sub-organs are also there (a government's report is
    their roll-up, not a peer); failing organs, the first agencies."""
    ids = organ_ids_for(user, Capability.REPORT_VIEW)
    organs = [s for s in subjects if s.organ is not None and s.organ.pk in ids]
    peers = [
        s
        for s in organs
        if not any(o is not s and o.organ.path.startswith(s.organ.path) for o in organs)
    ]
    chosen = peers or subjects
    return [s.key for s in chosen[:limit]]


def _interpretation(entry: LibraryEntry) -> tuple[int, int] | None:
    """(interpreted, policies) for a report Gongkai generated, from the publications app when it
    is installed (``publications.selectors.interpretation_ratio``). Parsed reports do not state
    it. Note: one lookup per generated report shown."""
    if entry.kind != GENERATED or not apps.is_installed("gongkai.publications"):
        return None
    try:
        from gongkai.publications.selectors import interpretation_ratio
    except ImportError:
        return None
    from gongkai.reports.compute import report_organ_ids

    figures = interpretation_ratio(report_organ_ids(entry.organ), entry.year)
    if not figures.get("policies"):
        return None
    return figures["interpreted"], figures["policies"]


def _interpretations(entries: list[LibraryEntry]) -> dict[int, tuple[int, int] | None]:
    """``_interpretation`` of many entries in one lookup
    (``publications.selectors.interpretation_ratios``), keyed by ``id(entry)``."""
    generated = [e for e in entries if e.kind == GENERATED and e.organ is not None]
    if not generated or not apps.is_installed("gongkai.publications"):
        return {}
    try:
        from gongkai.publications.selectors import interpretation_ratios
    except ImportError:  # only the one-at-a-time contract: one lookup per entry
        return {id(e): _interpretation(e) for e in generated}
    from gongkai.reports.compute import report_organ_ids

    organ_ids: dict[int, list[int]] = {}
    for entry in generated:
        if entry.organ.pk not in organ_ids:
            organ_ids[entry.organ.pk] = report_organ_ids(entry.organ)
    figures = interpretation_ratios({id(e): (organ_ids[e.organ.pk], e.year) for e in generated})
    return {
        key: (f["interpreted"], f["policies"]) if f["policies"] else None
        for key, f in figures.items()
    }


_LOOK_UP = object()


def entry_indicators(entry: LibraryEntry, interpretation=_LOOK_UP) -> Indicators:
    """The comparison figures of a full entry (parsed: the tables, then the exact prose)."""
    summary = exact_summary(entry.summary, entry.warnings)
    if interpretation is _LOOK_UP:
        interpretation = _interpretation(entry)
    return indicators(entry.statistics, summary, interpretation=interpretation)


def library_comparison_for(
    user, *, subjects: list[str], year_from: int, year_to: int, known: list[Subject]
) -> Comparison:
    """Indicators per chosen subject and year (one row for every year of the range, empty when
    the subject has no report that year). ``known``: the subjects the user may choose from."""
    by_key = {s.key: s for s in known}
    chosen = [by_key[key] for key in dict.fromkeys(subjects) if key in by_key]
    entries = _flag(_series_for(user, [s.key for s in chosen], full=True))
    best: dict[tuple[str, int], LibraryEntry] = {}
    for entry in entries:
        if not entry.shadowed:
            best.setdefault((entry.subject, entry.year), entry)
    years = list(range(year_from, year_to + 1))
    interpretations = _interpretations(
        [best[(s.key, y)] for s in chosen for y in years if (s.key, y) in best]
    )
    rows = []
    for subject in chosen:
        for year in years:
            entry = best.get((subject.key, year))
            figures = (
                entry_indicators(entry, interpretations.get(id(entry)))
                if entry is not None
                else None
            )
            rows.append(ComparisonRow(subject, year, entry, figures))
    return Comparison(chosen, years, rows)
