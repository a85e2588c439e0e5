"""Reminder e-mails for applications due soon (within the configured working days) or overdue.
Each handler gets one e-mail a day listing their cases; unassigned cases go to the OGI office
staff who assign them. Nothing personal in the mail: number, summary, due date and a link."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.cases import workflow
from gongkai.cases.models import Application, ReminderLog
from gongkai.cases.selectors import due_soon_limit
from gongkai.orgs.models import User
from gongkai.orgs.roles import Capability, Role
from gongkai.orgs.selectors import user_can


def _recipients(case: Application, assigners: list[User]) -> list[User]:
    if case.handler_id and case.handler.is_active and case.handler.email:
        return [case.handler]
    return [u for u in assigners if u.email and user_can(u, Capability.CASE_ASSIGN, case.organ)]


def send_reminders(*, on: date | None = None) -> int:
    """Send today's reminders; returns the number of e-mails sent."""
    on = on or timezone.localdate()
    limit = due_soon_limit(on)
    cases = (
        Application.objects.filter(
            state__in=list(workflow.OPEN_STATES),
            reply_deadline__is_open=True,
            reply_deadline__due__lte=limit,
        )
        .select_related("organ", "handler", "reply_deadline")
        .order_by("reply_deadline__due")
    )
    assigners = list(
        User.objects.filter(
            is_active=True, memberships__role__in=[Role.OGI_HEAD, Role.SECTION_HEAD]
        ).distinct()
    )
    batches: dict[User, list[tuple[str, Application]]] = defaultdict(list)
    for case in cases:
        kind = "overdue" if case.reply_deadline.due < on else "due_soon"
        for user in _recipients(case, assigners):
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        application=case, kind=kind, sent_on=on, recipient=user
                    )
            except IntegrityError:
                continue  # already reminded today
            batches[user].append((kind, case))
    base = settings.GONGKAI["BASE_URL"].rstrip("/")
    messages = []
    for user, entries in batches.items():
        lines = [f"{user}，您好：", "", "以下政府信息公开申请需要及时办理：", ""]
        for kind, case in entries:
            label = "已逾期" if kind == "overdue" else "即将到期"
            url = base + reverse("cases:detail", kwargs={"public_id": case.public_id})
            lines.append(
                f"【{label}】{case.number}（{case.organ.short_name}）答复期限 {case.reply_deadline.due:%Y-%m-%d}"
            )
            lines.append(f"    {case.summary}")
            lines.append(f"    {url}")
        lines += ["", "——公开平台（本邮件由系统自动发送）"]
        overdue = sum(1 for kind, _ in entries if kind == "overdue")
        subject = f"[公开平台] {len(entries)}件申请需要办理" + (
            f"，其中{overdue}件已逾期" if overdue else ""
        )
        messages.append((subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_mass_mail(messages, fail_silently=False) if messages else 0
