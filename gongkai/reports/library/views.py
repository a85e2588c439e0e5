"""Report-library pages (年报库) in the staff workspace: the list, importing files, one report,
comparing organs and years, CSV exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from gongkai.core.errors import GongkaiError
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can
from gongkai.reports import layout
from gongkai.reports.ingest.contradictions import SUMMARY_LABELS
from gongkai.reports.library import charts, export
from gongkai.reports.library.compare import COLUMNS, OUTCOMES, RATE_COLUMNS
from gongkai.reports.library.forms import CompareForm, ImportForm, LibraryFilterForm
from gongkai.reports.library.selectors import (
    Comparison,
    LibraryFilter,
    apply_filter,
    default_subjects,
    library_comparison_for,
    library_entries_for,
    library_entry_get_for,
    library_subjects,
    library_visible,
    library_years,
)
from gongkai.reports.library.services import MAX_BYTES, library_import
from gongkai.reports.statistics import (
    COLUMN_LABELS,
    PROACTIVE_LAYOUTS,
    REMEDY_KIND_LABELS,
    REMEDY_RESULT_LABELS,
    ROW_LABELS,
    split_path,
)

PAGE_SIZE = 50


def _require_view(request) -> None:
    if not library_visible(request.user):
        raise Http404


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- list -----------------------------------------------------------------------------------


def _filtered(request):
    entries = library_entries_for(request.user)
    form = LibraryFilterForm(
        request.GET or None, subjects=library_subjects(entries), years=library_years(entries)
    )
    filters = LibraryFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = LibraryFilter(
            subject=data["subject"],
            year=data["year"],
            kind=data["kind"],
            flagged=data["flagged"],
            q=data["q"],
        )
    return form, entries, apply_filter(entries, filters)


@login_required
def library_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    form, entries, shown = _filtered(request)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/library/list.html",
        {
            "form": form,
            "page": page,
            "total": len(entries),
            "shown": len(shown),
            "flagged": sum(1 for e in shown if e.flags),
            "query": query.urlencode(),
            "can_import": user_can(request.user, Capability.REPORT_COMPILE),
        },
    )


@login_required
def library_list_csv(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    _, _, shown = _filtered(request)
    return _csv(export.library_csv(shown), "report-library.csv")


# --- import ---------------------------------------------------------------------------------


@login_required
def library_import_page(request: HttpRequest) -> HttpResponse:
    if not user_can(request.user, Capability.REPORT_COMPILE):
        raise Http404
    results = []
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            for upload in form.cleaned_data["files"]:
                try:
                    report, created = library_import(
                        actor=request.user,
                        data=upload.read(MAX_BYTES + 1),  # enough to know it is too large
                        filename=upload.name,
                        organ=form.cleaned_data["organ"],
                    )
                except GongkaiError as exc:
                    results.append({"name": upload.name, "error": exc.message})
                else:
                    results.append({"name": upload.name, "report": report, "created": created})
            form = ImportForm(user=request.user)
    else:
        form = ImportForm(user=request.user)
    return render(
        request,
        "reports/library/import.html",
        {
            "form": form,
            "results": results,
            "failed": sum(1 for r in results if "error" in r),
            "imported": sum(1 for r in results if "error" not in r),
        },
    )


# --- one report -----------------------------------------------------------------------------


def cell_label(path: str) -> str:
    """``applications.R3.1.NP`` → “（一）予以公开 · 自然人”."""
    table, row, column = split_path(path)
    if table == "applications":
        return f"{ROW_LABELS.get(row, row)} · {COLUMN_LABELS.get(column, column)}"
    if table == "remedies":
        return f"{REMEDY_KIND_LABELS.get(row, row)} · {REMEDY_RESULT_LABELS.get(column, column)}"
    for layout_rows in PROACTIVE_LAYOUTS.values():
        for proactive in layout_rows:
            if proactive.key == row:
                heading = dict(proactive.columns).get(column)
                if heading:
                    return f"{proactive.label} · {heading}"
    return path


@login_required
def library_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    entry = library_entry_get_for(request.user, kind=kind, pk=pk)
    stats = entry.statistics
    grids = [layout.table3(stats), layout.table4(stats)]
    if PROACTIVE_LAYOUTS.get(stats.format):
        grids.insert(0, layout.table2(stats))
    return render(
        request,
        "reports/library/detail.html",
        {
            "entry": entry,
            "grids": grids,
            "summary": [
                (SUMMARY_LABELS.get(key, key), value, entry.evidence.get(key, ""))
                for key, value in entry.summary.items()
            ],
            "cell_evidence": [
                (cell_label(path), stats.get(path), snippet)
                for path, snippet in sorted(stats.evidence.items())
                if _has_cell(stats, path)
            ],
            "known_cells": sum(1 for _, value in stats.cells() if value is not None),
        },
    )


def _has_cell(stats, path: str) -> bool:
    table, row, column = split_path(path)
    return column in getattr(stats, table, {}).get(row, {})


# --- comparison -----------------------------------------------------------------------------


def _comparison(request) -> tuple[CompareForm, Comparison | None, bool]:
    """The form and, when it is valid, the comparison; the last value says whether the
    library has anything to compare at all."""
    entries = library_entries_for(request.user)
    subjects, years = library_subjects(entries), library_years(entries)
    if not entries:
        return CompareForm(subjects=[], years=[]), None, False
    if "subjects" in request.GET:
        form = CompareForm(request.GET, subjects=subjects, years=years)
    else:
        chosen = default_subjects(request.user, subjects)
        chosen_years = sorted({e.year for e in entries if e.subject in chosen})
        end = chosen_years[-1]
        start = max(chosen_years[0], end - 4)
        form = CompareForm(
            {"subjects": chosen, "year_from": start, "year_to": end},
            subjects=subjects,
            years=years,
        )
    if not form.is_valid():
        return form, None, True
    data = form.cleaned_data
    return (
        form,
        library_comparison_for(
            request.user,
            subjects=data["subjects"],
            year_from=data["year_from"],
            year_to=data["year_to"],
            known=subjects,
        ),
        True,
    )


def _display(key: str, value) -> str:
    if value is None:
        return "—"
    if key in RATE_COLUMNS:
        return f"{value:.1%}"
    return str(value)


def _snapshot_year(comparison: Comparison) -> int:
    """The latest year of the range for which some organ's outcome mix is known."""
    for year in reversed(comparison.years):
        if any(
            r.year == year and r.figures and r.figures.outcome_mix_known for r in comparison.rows
        ):
            return year
    return comparison.years[-1]


def _charts(comparison: Comparison) -> dict:
    names = [s.label for s in comparison.subjects]
    years = comparison.years
    series = [
        (
            subject.label,
            {
                r.year: r.figures.applications_new if r.figures else None
                for r in comparison.series(subject.key)
            },
        )
        for subject in comparison.subjects
    ]
    year = _snapshot_year(comparison)
    snapshot = [comparison.row(s.key, year) for s in comparison.subjects]
    categories = [label for label, _, _ in OUTCOMES.values()]
    mix = [
        (
            row.subject.label,
            [row.figures.outcomes[key] for key in OUTCOMES]
            if row.figures and row.figures.outcome_mix_known
            else None,
        )
        for row in snapshot
    ]
    rates = [
        (
            row.subject.label,
            [
                row.figures.review_rate if row.figures else None,
                row.figures.litigation_rate if row.figures else None,
            ],
        )
        for row in snapshot
    ]
    return {
        "snapshot_year": year,
        "applications": charts.line_chart(
            "chart-applications",
            title="本年新收政府信息公开申请数量",
            desc=f"{years[0]}–{years[-1]}年，{'、'.join(names)}每年新收申请的件数；数据见右侧表格。",
            years=years,
            series=series,
        ),
        "applications_table": {
            "years": years,
            "rows": [
                (name, [_display("count", points.get(y)) for y in years]) for name, points in series
            ],
        },
        "mix": charts.stacked_bars(
            "chart-mix",
            title=f"{year}年办理结果构成",
            desc=f"{year}年各机关办结申请中予以公开、部分公开、不予公开、无法提供、不予处理、其他处理所占比例。",
            categories=categories,
            bars=mix,
        ),
        "mix_table": {
            "categories": categories,
            "rows": [
                (name, [_display("count", v) for v in values] if values else None)
                for name, values in mix
            ],
        },
        "rates": charts.grouped_bars(
            "chart-rates",
            title=f"{year}年行政复议率与行政诉讼率",
            desc=f"{year}年各机关行政复议、行政诉讼件数占本年办结申请的比例。",
            measures=["复议率", "诉讼率"],
            bars=rates,
        ),
        "rates_table": [
            (name, [_display("review_rate", v) for v in values]) for name, values in rates
        ],
    }


@login_required
def library_compare(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    form, comparison, has_entries = _comparison(request)
    context = {"form": form, "comparison": comparison, "has_entries": has_entries}
    if comparison is not None and comparison.subjects:
        context["columns"] = COLUMNS
        context["table"] = [
            {
                "row": row,
                "cells": [
                    _display(key, row.figures.value(key) if row.figures else None)
                    for key, _ in COLUMNS
                ],
            }
            for row in comparison.rows
        ]
        context.update(_charts(comparison))
        context["query"] = request.GET.urlencode() or _default_query(form)
    return render(request, "reports/library/compare.html", context)


def _default_query(form: CompareForm) -> str:
    query = QueryDict(mutable=True)
    query.setlist("subjects", form.cleaned_data["subjects"])
    query["year_from"] = form.cleaned_data["year_from"]
    query["year_to"] = form.cleaned_data["year_to"]
    return query.urlencode()


@login_required
def library_compare_csv(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    _, comparison, _ = _comparison(request)
    if comparison is None:
        raise Http404
    return _csv(export.comparison_csv(comparison), "report-comparison.csv")
