"""Reminders for annual reports due (条例 第四十九条: departments by 31 January, governments by
31 March): to the organ's report compilers, 30, 14 and 3 days before the statutory date and
every week once it has passed, until the report is published."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone

from gongkai.orgs.models import Membership, Organ
from gongkai.orgs.roles import ROLE_CAPABILITIES, Capability
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import statutory_due

NOTICE_DAYS = (30, 14, 3)


def reminder_due(on: date, due: date) -> str | None:
    """'soon' on the notice days before the due date, 'late' weekly after it, else None."""
    days = (due - on).days
    if days in NOTICE_DAYS:
        return "soon"
    if days < 0 and (-days) % 7 == 0:
        return "late"
    return None


def send_report_reminders(*, on: date | None = None) -> int:
    on = on or timezone.localdate()
    year = on.year - 1
    published = set(
        AnnualReport.objects.filter(year=year, state=AnnualReport.State.PUBLISHED).values_list(
            "organ_id", flat=True
        )
    )
    compiler_roles = [
        role for role, caps in ROLE_CAPABILITIES.items() if Capability.REPORT_COMPILE in caps
    ]
    base = settings.GONGKAI["BASE_URL"].rstrip("/")
    messages = []
    for organ in Organ.objects.filter(is_active=True).exclude(pk__in=published):
        due = statutory_due(organ, year)
        kind = reminder_due(on, due)
        if kind is None:
            continue
        recipients = sorted(
            {
                m.user.email
                for m in Membership.objects.filter(
                    organ=organ, role__in=compiler_roles, user__is_active=True
                ).select_related("user")
                if m.user.email
            }
        )
        if not recipients:
            continue
        url = base + reverse("reports:page", args=[organ.code, year])
        when = (
            f"应于{due:%Y年%m月%d日}前公布"
            if kind == "soon"
            else f"已超过法定公布期限（{due:%Y年%m月%d日}）"
        )
        body = (
            f"{organ.name}{year}年政府信息公开工作年度报告{when}（《政府信息公开条例》第四十九条）。\n\n"
            f"编制和发布：{url}\n\n——公开平台（本邮件由系统自动发送）"
        )
        subject = f"[公开平台] {organ.short_name}{year}年度报告" + (
            "即将到期" if kind == "soon" else "已逾期"
        )
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, recipients))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
