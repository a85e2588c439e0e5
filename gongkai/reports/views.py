"""Annual-report pages: the staff workspace (compile, review, publish, trace cells) and the
public list and report pages."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import GongkaiError, InvalidInput
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can
from gongkai.reports import services
from gongkai.reports.forms import NarrativeForm, TransitionForm
from gongkai.reports.models import AnnualReport
from gongkai.reports.render import render_docx, render_html, render_json, render_pdf
from gongkai.reports.selectors import (
    cases_behind,
    published_report,
    published_reports,
    report_get_for,
    report_overview_for,
)

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "json": "application/json",
}


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year - 1


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    statuses = report_overview_for(request.user, year)
    if not statuses:
        raise Http404
    missing = [s for s in statuses if not s.submitted]
    return render(
        request,
        "reports/overview.html",
        {
            "year": year,
            "statuses": statuses,
            "missing": missing,
            "published": sum(
                1 for s in statuses if s.report and s.report.state == AnnualReport.State.PUBLISHED
            ),
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        },
    )


@login_required
def report_page(request: HttpRequest, organ_code: str, year: int) -> HttpResponse:
    organ, report = report_get_for(request.user, organ_code=organ_code, year=year)
    can_compile = user_can(request.user, Capability.REPORT_COMPILE, organ)
    can_approve = user_can(request.user, Capability.REPORT_APPROVE, organ)
    narrative_form = None
    if request.method == "POST":
        try:
            if request.POST.get("op") == "start":
                services.report_start(actor=request.user, organ=organ, year=year)
                messages.success(request, "已创建年度报告并生成初稿，请修改完善。")
            elif request.POST.get("op") == "narrative" and report:
                narrative_form = NarrativeForm(request.POST)
                if narrative_form.is_valid():
                    services.report_update(
                        actor=request.user, report=report, **narrative_form.cleaned_data
                    )
                    messages.success(request, "已保存。")
                else:
                    raise InvalidInput("请检查填写的内容")
            elif request.POST.get("op") == "regenerate" and report:
                services.report_regenerate(
                    actor=request.user, report=report, section=request.POST.get("section", "")
                )
                messages.success(request, "已按最新数据重新生成该章节初稿。")
            elif request.POST.get("op") == "transition" and report:
                form = TransitionForm(request.POST)
                if not form.is_valid():
                    raise InvalidInput("未知操作")
                if form.cleaned_data["action"] == "correct":
                    services.report_correct(
                        actor=request.user, report=report, note=form.cleaned_data["note"]
                    )
                    messages.success(request, "已创建更正版本（草稿）。")
                else:
                    services.report_transition(
                        actor=request.user,
                        report=report,
                        action=form.cleaned_data["action"],
                        note=form.cleaned_data["note"],
                    )
                    messages.success(request, "操作已完成。")
            else:
                raise InvalidInput("未知操作")
        except GongkaiError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("reports:page", organ_code=organ.code, year=year)
        organ, report = report_get_for(request.user, organ_code=organ_code, year=year)
    document = services.report_document(report) if report else None
    if report and narrative_form is None:
        narrative_form = NarrativeForm(
            initial={
                "overview": report.overview,
                "problems": report.problems,
                "other_matters": report.other_matters,
            }
        )
    return render(
        request,
        "reports/page.html",
        {
            "organ": organ,
            "year": year,
            "report": report,
            "document": document,
            "body": render_html(
                document,
                standalone=False,
                cell_url=reverse("reports:cell", args=[organ.code, year]),
            )
            if document
            else "",
            "narrative_form": narrative_form
            if report and report.state == AnnualReport.State.DRAFT and can_compile
            else None,
            "can_compile": can_compile,
            "can_approve": can_approve,
            "errors": [c for c in (document.checks if document else []) if c.severity == "error"],
            "warnings": [
                c for c in (document.checks if document else []) if c.severity == "warning"
            ],
            "events": report.events.select_related("actor") if report else [],
            "versions": AnnualReport.objects.filter(organ=organ, year=year).order_by("version")
            if report
            else [],
        },
    )


@login_required
def cell_cases(request: HttpRequest, organ_code: str, year: int) -> HttpResponse:
    organ, _ = report_get_for(request.user, organ_code=organ_code, year=year)
    path = request.GET.get("cell", "")
    try:
        cases = cases_behind(request.user, organ=organ, year=year, path=path)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect("reports:page", organ_code=organ.code, year=year)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request, "reports/cell.html", {"organ": organ, "year": year, "path": path, "page": page}
    )


@login_required
def staff_download(request: HttpRequest, organ_code: str, year: int, fmt: str) -> HttpResponse:
    organ, report = report_get_for(request.user, organ_code=organ_code, year=year)
    document = services.report_document(report) if report else services.adhoc_document(organ, year)
    return _download(document, f"{organ.code}-{year}", fmt)


def _download(document, stem: str, fmt: str) -> HttpResponse:
    if fmt == "pdf":
        body: bytes | str = render_pdf(document)
    elif fmt == "docx":
        body = render_docx(document)
    elif fmt == "json":
        body = json.dumps(render_json(document), ensure_ascii=False, indent=2)
    else:
        raise Http404
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


# --- public -------------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    reports = published_reports().order_by("-year", "organ__path")
    years: dict[int, list[AnnualReport]] = {}
    for report in reports:
        years.setdefault(report.year, []).append(report)
    return render(request, "reports/public_list.html", {"years": years})


def public_report(request: HttpRequest, organ_code: str, year: int) -> HttpResponse:
    report = published_report(organ_code, year)
    document = services.report_document(report)
    return render(
        request,
        "reports/public_report.html",
        {
            "report": report,
            "document": document,
            "body": render_html(document, standalone=False),
        },
    )


def public_download(request: HttpRequest, organ_code: str, year: int, fmt: str) -> HttpResponse:
    report = published_report(organ_code, year)
    return _download(services.report_document(report), f"{organ_code}-{year}", fmt)
