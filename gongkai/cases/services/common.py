"""Shared machinery of the case services: the locked transition, events, permissions, numbers."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai.calendars.services import (
    deadline_close,
    deadline_track,
    deadline_update,
    pauses_to_json,
)
from gongkai.cases import workflow
from gongkai.cases.models import Application, CaseCounter, CaseEvent
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, InvalidInput, NotAllowed
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can

TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def config(key: str):
    return settings.GONGKAI[key]


def today() -> date:
    return timezone.localdate()


def stamp(at: datetime | None, actor) -> datetime:
    """Event time: now, or a given past time for work the system replays (demo data, imports).
    ``at`` is never taken from a form or the API."""
    return at or timezone.now()


def lock(case: Application, version: int | None = None) -> Application:
    """Re-read the case under a row lock; concurrent actors queue here (no lost update). With
    ``version`` (from the form the actor saw), a case changed since then is refused first."""
    locked = Application.objects.select_for_update().get(pk=case.pk)
    check_version(locked, version)
    return locked


def check_version(case: Application, version: int | None) -> None:
    if version is not None and version != case.version:
        raise Conflict("该申请已被他人更新，请刷新页面后重试", code="stale")


def can_act(actor, case: Application, capability: Capability, scope: str = "organ") -> bool:
    """May ``actor`` exercise ``capability`` on this case? ``scope`` "organ" = the answering
    organ, "handling" = the handling department (or the answering organ). Handling work is the
    assigned handler's, unless the actor also assigns cases there (a supervisor acting for them)."""
    if actor is None:
        return True
    organs = [case.organ_id] if scope == "organ" else [case.handling_organ_id, case.organ_id]
    if not any(user_can(actor, capability, o) for o in organs):
        return False
    if capability == Capability.CASE_HANDLE and case.handler_id and case.handler_id != actor.pk:
        return any(user_can(actor, Capability.CASE_ASSIGN, o) for o in organs)
    return True


def require(actor, case: Application, capability: Capability, scope: str = "organ") -> None:
    if not can_act(actor, case, capability, scope):
        raise NotAllowed("您无权对该申请执行此操作")


def event(
    case: Application,
    *,
    actor,
    action: str,
    label: str,
    at: datetime | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict | None = None,
) -> CaseEvent:
    """One timeline row and one audit event — written explicitly, never from signals.
    ``data`` and ``note`` must not hold personal data."""
    row = CaseEvent.objects.create(
        application=case,
        created_at=stamp(at, actor),
        actor=actor,
        action=action,
        label=label,
        from_state=from_state,
        to_state=to_state,
        note=note,
        data=data or {},
    )
    audit_record(
        actor=actor,
        action=f"case.{action}",
        target=case,
        organ_id=case.organ_id,
        data={"from": from_state, "to": to_state, **(data or {})},
    )
    return row


def transition(
    case: Application,
    *,
    actor,
    action: str,
    target: str | None = None,
    at: datetime | None = None,
    note: str = "",
    data: dict | None = None,
    version: int | None = None,
    fields: tuple[str, ...] = (),
) -> Application:
    """Check the table and the actor's capability, move the (already locked) case, save the
    listed fields with the state, write the event. Callers lock first and set their fields."""
    check_version(case, version)
    try:
        step = workflow.find(action, case.state, target)
    except workflow.TransitionNotAllowed as exc:
        raise Conflict(str(exc), code="transition_not_allowed") from None
    capability, scope = workflow.required_capability(step, case.state)
    require(actor, case, capability, scope)
    source = case.state
    case.state = target or next(iter(step.targets))
    case.version += 1
    case.save(update_fields=["state", "version", "updated_at", *fields])
    event(
        case,
        actor=actor,
        action=action,
        label=step.label,
        at=at,
        from_state=source,
        to_state=case.state,
        note=note,
        data=data,
    )
    return case


@transaction.atomic
def next_serial(organ, year: int, kind: str) -> int:
    counter, _ = CaseCounter.objects.get_or_create(organ=organ, year=year, kind=kind)
    counter = CaseCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def new_tracking_code() -> str:
    while True:
        raw = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Application.objects.filter(tracking_code=code).exists():
            return code


# --- the reply clock ------------------------------------------------------------------------


def reply_pauses(case: Application):
    """Windows not counted in the reply period: consultations (第三十三条第三款) and, if
    configured [U], the fee-payment window."""
    from gongkai.calendars import deadlines as engine
    from gongkai.calendars.selectors import work_calendar

    calendar = None
    pauses = []
    for c in case.consultations.all():
        calendar = calendar or work_calendar(case.organ.jurisdiction)
        label = "征求第三方意见" if c.kind == "third_party" else "征求共同制作机关意见"
        pauses.append(
            engine.consultation_pause(
                calendar,
                sent=c.sent_on,
                letter_received=c.letter_received_on,
                opinion_received=c.opinion_received_on,
                reason=f"{label}（{c.party}）" if c.kind == "co_maker" else label,
            )
        )
    fee = case.fee if hasattr(case, "fee") else None
    if fee is not None and config("FEE_WINDOW_PAUSES_REPLY"):
        end = fee.paid_on or (fee.payment_deadline.due if fee.payment_deadline else fee.received_on)
        pauses.append(engine.Pause(fee.sent_on, max(end, fee.sent_on), "等待缴纳信息处理费"))
    return pauses


def sync_reply_deadline(case: Application, *, reason: str) -> None:
    """Create or recompute the reply deadline from the case's facts."""
    if case.received_on is None:
        return
    if case.art35_days:
        start, days = case.art35_reasons_on, case.art35_days
        trigger = "收到申请人说明的理由之日（第三十五条，机关确定的合理期限）"
    else:
        start = case.corrected_on or case.received_on
        days = 20 + case.extension_days
        trigger = "收到补正后申请之日（条例第三十条，重新起算）" if case.corrected_on else ""
    pauses = reply_pauses(case)
    if case.reply_deadline_id is None:
        case.reply_deadline = deadline_track(
            rule="reply",
            start=start,
            working_days=days,
            pauses=pauses,
            trigger=trigger,
            jurisdiction=case.organ.jurisdiction,
            subject=case,
            label=f"{case.number} 答复期限",
        )
        case.save(update_fields=["reply_deadline"])
        return
    deadline = case.reply_deadline
    if (deadline.start, deadline.working_days, deadline.pauses, deadline.trigger) != (
        start,
        days,
        pauses_to_json(pauses),
        trigger,
    ):
        deadline_update(
            deadline=deadline,
            reason=reason,
            start=start,
            working_days=days,
            pauses=pauses,
            trigger=trigger,
        )
    if not deadline.is_open and case.is_open and case.state != workflow.State.CORRECTION:
        type(deadline).objects.filter(pk=deadline.pk).update(is_open=True)


def close_deadlines(case: Application) -> None:
    for deadline in (case.reply_deadline, case.correction_deadline):
        if deadline is not None and deadline.is_open:
            deadline_close(deadline=deadline)
    fee = case.fee if hasattr(case, "fee") else None
    if fee is not None and fee.payment_deadline and fee.payment_deadline.is_open:
        deadline_close(deadline=fee.payment_deadline)


def require_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, field=field)
    return value
