"""Report-library API (v1): list the reports the caller may see, read one with its figures,
compare organs and years, import a published report (multipart upload).

Reports are addressed by kind and id: ``parsed`` (imported files) or ``generated`` (reports
Gongkai published). Organs are addressed as subjects: ``o:<organ code>``, or ``a:<name key>``
for an organ outside Gongkai.

Errors: 401 ``unauthenticated``; 403 ``forbidden`` (importing without 编制年度报告 for the
organ); 404 ``not_found``; 409 ``import_conflict``; 422 ``invalid`` with a field, or the file's
problem: ``file_empty``, ``file_too_large``, ``unreadable``, ``year_unknown``,
``agency_unknown``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from gongkai.core.errors import InvalidInput, NotFound
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organs_for
from gongkai.reports.library.compare import Indicators
from gongkai.reports.library.forms import MAX_SUBJECTS, MAX_YEARS
from gongkai.reports.library.selectors import (
    PARSED,
    LibraryEntry,
    LibraryFilter,
    entry_indicators,
    library_comparison_for,
    library_entries_for,
    library_entry_get_for,
    library_subjects,
    library_visible,
)
from gongkai.reports.library.services import MAX_BYTES, library_import

router = Router(tags=["report library"])


class FlagOut(Schema):
    rule: str
    label: str
    message: str


class LibraryEntryOut(Schema):
    kind: Literal["parsed", "generated"]
    id: int
    subject: str
    organ: str | None
    name: str
    agency: str
    year: int
    format: str
    source_name: str
    when: datetime | None
    applications_new: int | None
    check_errors: int
    empty_tables: list[str]
    shadowed: bool
    flags: list[FlagOut]


def _entry(entry: LibraryEntry) -> dict:
    return {
        "kind": entry.kind,
        "id": entry.pk,
        "subject": entry.subject,
        "organ": entry.organ.code if entry.organ else None,
        "name": entry.name,
        "agency": entry.agency,
        "year": entry.year,
        "format": entry.format,
        "source_name": entry.source_name,
        "when": entry.when,
        "applications_new": entry.applications_new,
        "check_errors": entry.check_errors,
        "empty_tables": [f"表{n}" for n in entry.empty_tables],
        "shadowed": entry.shadowed,
        "flags": [f.as_dict() for f in entry.flags],
    }


class LibraryPage(Schema):
    count: int
    results: list[LibraryEntryOut]


class ListQuery(Schema):
    subject: str = ""
    year: int | None = None
    kind: Literal["", "parsed", "generated"] = ""
    flagged: bool = False
    q: str = ""
    offset: int = 0
    limit: int = 50


@router.get(
    "/library/reports", response=LibraryPage, summary="年报库：报告列表（按调用者权限范围）"
)
def library_list(request, filters: Query[ListQuery]):
    entries = library_entries_for(
        request.auth,
        LibraryFilter(
            subject=filters.subject,
            year=filters.year,
            kind=filters.kind,
            flagged=filters.flagged,
            q=filters.q[:50],
        ),
    )
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    return {"count": len(entries), "results": [_entry(e) for e in entries[offset : offset + limit]]}


class IndicatorsOut(Schema):
    applications_new: int | None
    carried_in: int | None
    concluded: int | None
    carried_out: int | None
    outcomes: dict[str, int | None]
    review: int | None
    review_rate: float | None
    litigation: int | None
    litigation_rate: float | None
    interpretation_ratio: float | None
    check_errors: int


def _indicators(figures: Indicators) -> dict:
    return {
        "applications_new": figures.applications_new,
        "carried_in": figures.carried_in,
        "concluded": figures.concluded,
        "carried_out": figures.carried_out,
        "outcomes": figures.outcomes,
        "review": figures.review,
        "review_rate": figures.review_rate,
        "litigation": figures.litigation,
        "litigation_rate": figures.litigation_rate,
        "interpretation_ratio": figures.interpretation_ratio,
        "check_errors": figures.check_errors,
    }


class LibraryReportOut(LibraryEntryOut):
    statistics: dict
    summary: dict
    evidence: dict
    warnings: list[dict]
    indicators: IndicatorsOut


@router.get(
    "/library/reports/{kind}/{report_id}",
    response=LibraryReportOut,
    summary="年报库：一份报告的统计数据、原文依据、解析提示和异常提示",
)
def library_get(request, kind: Literal["parsed", "generated"], report_id: int):
    entry = library_entry_get_for(request.auth, kind=kind, pk=report_id)
    stats = entry.statistics
    return {
        **_entry(entry),
        "statistics": {**stats.to_dict(), "evidence": dict(stats.evidence)},
        "summary": entry.summary,
        "evidence": entry.evidence,
        "warnings": entry.warnings,
        "indicators": _indicators(entry_indicators(entry)),
    }


class CompareQuery(Schema):
    subjects: list[str]
    year_from: int
    year_to: int


class SubjectOut(Schema):
    key: str
    name: str
    organ: str | None


class ComparisonRowOut(Schema):
    subject: str
    year: int
    kind: Literal["parsed", "generated"] | None
    id: int | None
    indicators: IndicatorsOut | None
    flags: list[FlagOut]


class ComparisonOut(Schema):
    subjects: list[SubjectOut]
    years: list[int]
    rows: list[ComparisonRowOut]


@router.get(
    "/library/compare",
    response=ComparisonOut,
    summary="年报库：比对机关和年度（每个机关每年一行；平台生成的报告优先）",
)
def library_compare(request, query: Query[CompareQuery]):
    if not library_visible(request.auth):
        raise NotFound("年报库中没有您可以查看的报告")
    if not query.subjects:
        raise InvalidInput("请至少选择一个机关", field="subjects")
    if len(query.subjects) > MAX_SUBJECTS:
        raise InvalidInput(f"最多选择 {MAX_SUBJECTS} 个机关", field="subjects")
    if query.year_from > query.year_to:
        raise InvalidInput("截止年度不能早于起始年度", field="year_to")
    if query.year_to - query.year_from + 1 > MAX_YEARS:
        raise InvalidInput(f"一次最多比较 {MAX_YEARS} 个年度", field="year_to")
    known = library_subjects(library_entries_for(request.auth))
    unknown = set(query.subjects) - {s.key for s in known}
    if unknown:
        raise InvalidInput(
            f"年报库中没有您可以查看的这些机关：{'、'.join(sorted(unknown))}", field="subjects"
        )
    comparison = library_comparison_for(
        request.auth,
        subjects=query.subjects,
        year_from=query.year_from,
        year_to=query.year_to,
        known=known,
    )
    return {
        "subjects": [
            {"key": s.key, "name": s.name, "organ": s.organ.code if s.organ else None}
            for s in comparison.subjects
        ],
        "years": comparison.years,
        "rows": [
            {
                "subject": row.subject.key,
                "year": row.year,
                "kind": row.entry.kind if row.entry else None,
                "id": row.entry.pk if row.entry else None,
                "indicators": _indicators(row.figures) if row.figures else None,
                "flags": [f.as_dict() for f in row.flags],
            }
            for row in comparison.rows
        ],
    }


class ImportOut(Schema):
    created: bool
    report: LibraryEntryOut


@router.post(
    "/library/reports",
    response={200: ImportOut, 201: ImportOut},
    summary="年报库：导入一份已发布的年度报告（TXT、HTML、PDF、DOCX；同一机关同一年度更新原记录）",
)
def library_import_file(request, file: File[UploadedFile], organ: Form[str] = ""):
    forced = None
    if organ:
        forced = organs_for(request.auth, Capability.REPORT_COMPILE).filter(code=organ).first()
        if forced is None:
            raise InvalidInput("未知机关或您无权为该机关导入年度报告", field="organ")
    report, created = library_import(
        actor=request.auth,
        data=file.read(MAX_BYTES + 1),  # enough to know it is too large
        filename=file.name or "",
        organ=forced,
    )
    entry = library_entry_get_for(request.auth, kind=PARSED, pk=report.pk)
    return Status(201 if created else 200, {"created": created, "report": _entry(entry)})
