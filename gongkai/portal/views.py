"""The public website: home, the 政府信息公开指南 (条例 第十二条), online application, tracking,
contact, accessibility, reading preferences. No personal data in URLs, titles or logs: the
applicant's case is held in the session after they prove who they are."""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.cases.models import Application
from gongkai.cases.selectors import APPLICANT_LETTERS, tracking_find, tracking_view
from gongkai.cases.services import application_submit_online, letter_pdf
from gongkai.core.audit import audit_record
from gongkai.core.errors import GongkaiError, InvalidInput
from gongkai.core.ratelimit import client_ip, hit
from gongkai.orgs.models import Organ
from gongkai.orgs.selectors import organ_roots, organ_subtree
from gongkai.portal import preferences as prefs
from gongkai.portal.forms import ApplyForm, TrackForm
from gongkai.publications import selectors as publications

SESSION_RECEIPT = "gk_receipt"
SESSION_TRACK = "gk_track"
TRACK_SECONDS = 30 * 60


def home(request: HttpRequest) -> HttpResponse:
    from gongkai.reports.selectors import published_reports

    context = {
        "root": organ_roots().first(),
        "reports": published_reports().order_by("-year", "organ__path")[:6],
    }
    context["documents"] = publications.public_documents().order_by("-published_on", "-id")[:8]
    context["topics"] = publications.active_topics()
    return render(request, "portal/home.html", context)


def guide(request: HttpRequest, organ_code: str | None = None) -> HttpResponse:
    """政府信息公开指南 generated from the organ's data (条例 第十二条)."""
    root = organ_roots().first()
    organ = Organ.objects.filter(code=organ_code, is_active=True).first() if organ_code else root
    if organ is None:
        raise Http404
    organs = list(organ_subtree(root).filter(is_active=True)) if root else []
    return render(request, "portal/guide.html", {"organ": organ, "organs": organs})


def contact(request: HttpRequest) -> HttpResponse:
    root = organ_roots().first()
    organs = list(organ_subtree(root).filter(is_active=True)) if root else []
    return render(request, "portal/contact.html", {"organs": organs})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@require_POST
def reading_preferences(request: HttpRequest) -> HttpResponse:
    """The toolbar: a plain form, so it works without JavaScript; the choice lives in a cookie."""
    current = prefs.Preferences.from_cookie(request.COOKIES.get(prefs.COOKIE))
    if request.POST.get("reset"):
        updated = prefs.Preferences()
    else:
        updated = current.updated(
            **{k: request.POST.get(k) for k in prefs.CHOICES if request.POST.get(k)}
        )
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        prefs.COOKIE,
        updated.cookie(),
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=False,
    )
    return response


# --- applying online -----------------------------------------------------------------------------


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not hit("apply-ip", client_ip(request), limit=20, window=3600):
            form.is_valid()
            form.add_error(None, _("提交过于频繁，请一小时后再试，或通过电话、信函提出申请"))
        elif form.is_valid():
            upload = form.cleaned_data["identity_document"]
            try:
                with transaction.atomic():
                    case = application_submit_online(
                        organ=form.cleaned_data["organ"],
                        submission=form.submission(),
                        identity=(upload.read(), upload.name),
                    )
            except InvalidInput as exc:
                for field, errors in (exc.errors or {None: [exc.message]}).items():
                    field = "identity_document" if field == "file" else field
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            except GongkaiError as exc:
                form.add_error(None, exc.message)
            else:
                request.session.cycle_key()
                request.session[SESSION_RECEIPT] = case.pk
                request.session[SESSION_TRACK] = {
                    "case": case.pk,
                    "until": time.time() + TRACK_SECONDS,
                }
                return redirect("portal:apply_done")
        form.refresh_challenge()
    return render(
        request, "portal/apply.html", {"form": form}, status=200 if not form.errors else 400
    )


@never_cache
def apply_done(request: HttpRequest) -> HttpResponse:
    case = (
        Application.objects.filter(pk=request.session.get(SESSION_RECEIPT))
        .select_related("organ")
        .first()
    )
    if case is None:
        return redirect("portal:apply")
    return render(request, "portal/apply_done.html", {"case": case, "view": tracking_view(case)})


# --- tracking -------------------------------------------------------------------------------------


def _tracked_case(request) -> Application | None:
    data = request.session.get(SESSION_TRACK) or {}
    if not data or data.get("until", 0) < time.time():
        return None
    return (
        Application.objects.filter(pk=data.get("case"))
        .select_related("organ", "reply_deadline")
        .first()
    )


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    """办理查询: tracking code plus the last four characters of the ID number or phone."""
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        ip = client_ip(request)
        code = request.POST.get("code", "").strip().upper()
        if not hit("track-ip", ip, limit=30, window=3600) or not hit(
            "track-code", code, limit=8, window=3600
        ):
            form.is_valid()
            form.add_error(None, _("尝试次数过多，请一小时后再试"))
        elif form.is_valid():
            case = tracking_find(form.cleaned_data["code"], form.cleaned_data["factor"])
            if case is None:
                form.add_error(None, _("查询码或验证信息不正确，请核对后重试"))
            else:
                request.session.cycle_key()
                request.session[SESSION_TRACK] = {
                    "case": case.pk,
                    "until": time.time() + TRACK_SECONDS,
                }
                audit_record(
                    actor=None,
                    action="case.tracking_view",
                    target=case,
                    organ_id=case.organ_id,
                    data={"channel": "portal"},
                )
                return redirect("portal:track_status")
    return render(
        request, "portal/track.html", {"form": form}, status=200 if not form.errors else 400
    )


@never_cache
def track_status(request: HttpRequest) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        messages.info(request, _("请输入查询码和验证信息"))
        return redirect("portal:track")
    return render(request, "portal/track_status.html", {"view": tracking_view(case)})


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_TRACK, None)
    request.session.pop(SESSION_RECEIPT, None)
    return redirect("portal:track")


@never_cache
def track_letter(request: HttpRequest, letter_id: int) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        raise Http404
    letter = case.letters.filter(pk=letter_id, kind__in=APPLICANT_LETTERS).first()
    if letter is None:
        raise Http404
    audit_record(
        actor=None,
        action="case.tracking_letter",
        target=letter,
        organ_id=case.organ_id,
        data={"kind": letter.kind},
    )
    response = HttpResponse(letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def track_file(request: HttpRequest, attachment_id: int) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        raise Http404
    attachment = case.attachments.filter(pk=attachment_id, kind="released").first()
    if attachment is None:
        raise Http404
    audit_record(actor=None, action="case.tracking_file", target=attachment, organ_id=case.organ_id)
    with default_storage.open(attachment.file, "rb") as handle:
        data = handle.read()
    response = HttpResponse(data, content_type=attachment.content_type)
    extension = attachment.file[attachment.file.rfind(".") :]
    response["Content-Disposition"] = f'attachment; filename="file-{attachment.pk}{extension}"'
    response["Cache-Control"] = "no-store"
    return response


def track_url() -> str:
    return reverse("portal:track")
