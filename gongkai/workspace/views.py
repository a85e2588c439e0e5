from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.calendars import deadlines as engine
from gongkai.calendars.selectors import work_calendar
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import memberships_of, organs_for
from gongkai.workspace.forms import DeadlineCalculatorForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workspace/home.html",
        {"memberships": memberships_of(request.user)},
    )


@login_required
def deadline_calculator(request: HttpRequest) -> HttpResponse:
    """期限计算器: the engine's dates for a hypothetical application, explained step by step,
    on the calendar of the user's own organ."""
    form = DeadlineCalculatorForm(request.GET or None)
    results = None
    organ = (
        organs_for(request.user, Capability.DEADLINE_VIEW).select_related("jurisdiction").first()
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        calendar = work_calendar(organ.jurisdiction if organ else None)
        results = [
            engine.correction_notice_due(calendar, received=data["received"]),
            engine.reply_due(
                calendar,
                received=data["received"],
                corrected=data["corrected"],
                pauses=data["pauses"],
                extension=data["extension"] or 0,
            ),
        ]
        if data["delivered"]:
            results += [
                engine.review_deadline(calendar, known_on=data["delivered"]),
                engine.litigation_deadline(calendar, known_on=data["delivered"]),
            ]
    return render(
        request,
        "workspace/deadline_calculator.html",
        {"form": form, "results": results, "organ": organ},
    )
