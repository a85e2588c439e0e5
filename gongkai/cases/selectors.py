"""Reads of applications — every one through the reader's capabilities.

- A case is visible to staff holding ``case.view`` in its answering organ, its handling organ or
  an assisting (协办) organ.
- Its applicant's personal data is visible only to those who handle it: the assigned handler,
  the OGI office (register/assign), and the reviewers, legal reviewer and signer of the organs
  concerned — not to assisting organs. Every view is audited (``applicant_personal_data``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from gongkai.calendars import deadlines as engine
from gongkai.calendars.selectors import work_calendar
from gongkai.cases import workflow
from gongkai.cases.models import Applicant, Application, Extension, Letter
from gongkai.cases.services.common import can_act, config
from gongkai.core.audit import audit_record
from gongkai.core.crypto import decrypt
from gongkai.core.errors import NotAllowed, NotFound
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for, user_can

PERSONAL_DATA_CAPABILITIES = (
    Capability.CASE_REGISTER,
    Capability.CASE_ASSIGN,
    Capability.CASE_REVIEW,
    Capability.CASE_LEGAL_REVIEW,
    Capability.CASE_SIGN,
    Capability.CASE_APPROVE_EXTENSION,
)
LIST_DEFER = (
    "applicant__name_enc",
    "applicant__id_number_enc",
    "applicant__legal_representative_enc",
    "applicant__contact_person_enc",
    "applicant__phone_enc",
    "applicant__email_enc",
    "applicant__address_enc",
)


def _sees_every_organ(user, organ_ids: frozenset[int]) -> bool:
    """True for the district OGI office (or an operator): then no visibility filter is needed,
    which keeps the big lists on their indexes."""
    total = getattr(user, "_gongkai_organ_total", None)
    if total is None:
        total = Organ.objects.count()
        user._gongkai_organ_total = total
    return len(organ_ids) >= total


def cases_for(user) -> QuerySet[Application]:
    organ_ids = organ_ids_for(user, Capability.CASE_VIEW)
    if not organ_ids:
        return Application.objects.none()
    if _sees_every_organ(user, organ_ids):
        return Application.objects.all()
    assisted = Application.assisting_organs.through.objects.filter(
        application_id=OuterRef("pk"), organ_id__in=organ_ids
    )
    return Application.objects.filter(
        Q(organ_id__in=organ_ids) | Q(handling_organ_id__in=organ_ids) | Exists(assisted)
    )


def case_get_for(user, *, public_id=None, pk: int | None = None) -> Application:
    lookup = {"public_id": public_id} if public_id is not None else {"pk": pk}
    case = (
        cases_for(user)
        .select_related(
            "organ",
            "organ__jurisdiction",
            "handling_organ",
            "handler",
            "reply_deadline",
            "correction_deadline",
            "applicant",
        )
        .filter(**lookup)
        .first()
    )
    if case is None:
        raise NotFound("申请不存在或您无权查看")
    return case


def can_view_personal_data(user, case: Application) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if case.handler_id == user.pk:
        return True
    organs = {case.organ_id, case.handling_organ_id}
    return any(user_can(user, cap, organ) for cap in PERSONAL_DATA_CAPABILITIES for organ in organs)


@dataclass(frozen=True)
class PersonalData:
    name: str
    id_type: str
    id_number: str
    organisation_name: str
    credit_code: str
    legal_representative: str
    contact_person: str
    phone: str
    email: str
    address: str
    postcode: str


def applicant_personal_data(user, case: Application, *, purpose: str = "办理") -> PersonalData:
    """Decrypt the applicant's data for someone handling the case; audited with the purpose."""
    if not can_view_personal_data(user, case):
        raise NotAllowed("只有办理该申请的人员可以查看申请人个人信息")
    a: Applicant = Applicant.objects.get(application=case)
    audit_record(
        actor=user,
        action="case.personal_data_view",
        target=case,
        organ_id=case.organ_id,
        data={"purpose": purpose[:100]},
    )
    return PersonalData(
        name=decrypt(a.name_enc),
        id_type=a.get_id_type_display() if a.id_type else "",
        id_number=decrypt(a.id_number_enc),
        organisation_name=a.organisation_name,
        credit_code=a.credit_code,
        legal_representative=decrypt(a.legal_representative_enc),
        contact_person=decrypt(a.contact_person_enc),
        phone=decrypt(a.phone_enc),
        email=decrypt(a.email_enc),
        address=decrypt(a.address_enc),
        postcode=a.postcode,
    )


def applicant_for_letters(case: Application) -> dict:
    """What a letter is addressed to (system use while issuing an official letter)."""
    a: Applicant = Applicant.objects.get(application=case)
    return {
        "name": decrypt(a.name_enc),
        "address": decrypt(a.address_enc),
        "postcode": a.postcode,
        "is_organisation": bool(a.organisation_name),
    }


def applicant_contact(case: Application) -> dict:
    """E-mail address for notifications to the applicant (system use)."""
    a: Applicant = Applicant.objects.get(application=case)
    return {"email": decrypt(a.email_enc), "name": decrypt(a.name_enc)}


# --- lists ---------------------------------------------------------------------------------------

QUEUES = {
    "mine": "我承办的",
    "intake": "待受理、待分办",
    "review": "待我审核",
    "legal": "待法律审核",
    "signing": "待签发",
    "delivery": "待送达",
    "extensions": "延期待批准",
    "due_soon": "即将到期",
    "overdue": "已逾期",
    "open": "全部在办",
    "closed": "已办结",
}


def due_soon_limit(on: date | None = None) -> date:
    on = on or timezone.localdate()
    return engine.add_working_days(
        work_calendar(), start=on, n=config("DUE_SOON_WORKING_DAYS"), rule=engine.REPLY
    ).due


def _queue_condition(user, queue: str, on: date) -> Q:
    """The filter of one workspace queue (on top of what the user may see)."""
    open_states = list(workflow.OPEN_STATES)
    S = workflow.State
    if queue == "mine":
        return Q(handler=user, state__in=open_states)
    if queue == "intake":
        ids = organ_ids_for(user, Capability.CASE_REGISTER) | organ_ids_for(
            user, Capability.CASE_ASSIGN
        )
        return Q(organ_id__in=ids, state__in=[S.REGISTERED, S.CORRECTION, S.ACCEPTED])
    if queue == "review":
        return Q(
            handling_organ_id__in=organ_ids_for(user, Capability.CASE_REVIEW), state=S.REVIEWING
        ) & ~Q(handler=user)
    if queue == "legal":
        return Q(
            organ_id__in=organ_ids_for(user, Capability.CASE_LEGAL_REVIEW), state=S.LEGAL_REVIEW
        )
    if queue == "signing":
        return Q(organ_id__in=organ_ids_for(user, Capability.CASE_SIGN), state=S.SIGNING)
    if queue == "delivery":
        return Q(organ_id__in=organ_ids_for(user, Capability.CASE_REGISTER), state=S.SIGNED)
    if queue == "extensions":
        pending = Extension.objects.filter(
            application_id=OuterRef("pk"), status=Extension.Status.REQUESTED
        )
        return Q(
            Exists(pending),
            organ_id__in=organ_ids_for(user, Capability.CASE_APPROVE_EXTENSION),
            state__in=open_states,
        )
    if queue == "due_soon":
        return Q(
            state__in=open_states,
            reply_deadline__is_open=True,
            reply_deadline__due__gte=on,
            reply_deadline__due__lte=due_soon_limit(on),
        )
    if queue == "overdue":
        return Q(state__in=open_states, reply_deadline__is_open=True, reply_deadline__due__lt=on)
    if queue == "closed":
        return ~Q(state__in=open_states)
    return Q(state__in=open_states)


def case_list_for(
    user,
    *,
    queue: str = "open",
    organ: Organ | None = None,
    search: str = "",
    on: date | None = None,
) -> QuerySet[Application]:
    """A queue of the workspace; constant queries whatever the number of cases."""
    on = on or timezone.localdate()
    qs = cases_for(user).filter(_queue_condition(user, queue, on))
    if organ is not None:
        qs = qs.filter(Q(organ=organ) | Q(handling_organ=organ))
    if search:
        qs = qs.filter(
            Q(number__icontains=search)
            | Q(summary__icontains=search)
            | Q(tracking_code__iexact=search)
        )
    ordering = (
        ["-closed_on", "-id"]
        if queue == "closed"
        else ["reply_deadline__due", "-created_at", "-id"]
    )
    return (
        qs.select_related("organ", "handling_organ", "handler", "reply_deadline", "applicant")
        .defer(*LIST_DEFER)
        .order_by(*ordering)
    )


COUNTED_QUEUES = (
    "mine",
    "intake",
    "review",
    "legal",
    "signing",
    "delivery",
    "extensions",
    "due_soon",
    "overdue",
    "open",
)


def queue_counts(user, on: date | None = None) -> dict[str, int]:
    """Every work queue counted in one query over the open cases (the closed archive is not
    counted on each page view)."""
    on = on or timezone.localdate()
    base = cases_for(user).filter(state__in=list(workflow.OPEN_STATES))
    return base.aggregate(
        **{queue: Count("pk", filter=_queue_condition(user, queue, on)) for queue in COUNTED_QUEUES}
    )


def available_actions(user, case: Application) -> list[workflow.Transition]:
    """The transitions this user may perform on the case now (for buttons)."""
    found = []
    for t in workflow.available(case.state):
        capability, scope = workflow.required_capability(t, case.state)
        if can_act(user, case, capability, scope):
            found.append(t)
    return found


def letter_for(user, *, case: Application, letter_id: int) -> Letter:
    letter = case.letters.filter(pk=letter_id).select_related("template").first()
    if letter is None:
        raise NotFound("文书不存在")
    if not can_view_personal_data(user, case):
        raise NotAllowed("只有办理该申请的人员可以查看文书")
    audit_record(
        actor=user,
        action="case.letter_view",
        target=letter,
        organ_id=case.organ_id,
        data={"case": case.number, "kind": letter.kind},
    )
    return letter


def timeline(case: Application):
    return case.events.select_related("actor").order_by("created_at", "id")


# --- tracking by the applicant (portal) -----------------------------------------------------------

APPLICANT_LETTERS = (
    "receipt",
    "correction",
    "extension",
    "art35_reasons",
    "art35_deadline",
    "fee",
    "reply",
    "termination",
)
PUBLIC_STATES = {
    workflow.State.REGISTERED: "已提交，待确认收到",
    workflow.State.CORRECTION: "待您补正申请",
    workflow.State.ACCEPTED: "已受理",
    workflow.State.ASSIGNED: "办理中",
    workflow.State.CONSULTING: "办理中（征求第三方意见，期间不计入答复期限）",
    workflow.State.FEE_PENDING: "待您缴纳信息处理费",
    workflow.State.ART35_PENDING: "待您说明理由",
    workflow.State.REVIEWING: "办理中（审核中）",
    workflow.State.LEGAL_REVIEW: "办理中（审核中）",
    workflow.State.SIGNING: "办理中（审核中）",
    workflow.State.SIGNED: "已作出答复，待送达",
    workflow.State.DELIVERED: "已答复",
    workflow.State.ARCHIVED: "已答复",
    workflow.State.CLOSED: "已终止",
}
PUBLIC_EVENTS = {
    "register",
    "confirm_receipt",
    "accept",
    "request_correction",
    "receive_correction",
    "correction_lapsed",
    "start_consultation",
    "end_consultation",
    "send_fee_notice",
    "fee_paid",
    "fee_lapsed",
    "ask_reasons",
    "reasons_received",
    "extension_approved",
    "deliver",
    "withdraw",
}


def tracking_find(code: str, factor: str) -> Application | None:
    """The case whose tracking code is ``code`` and whose applicant's ID number, credit code or
    phone ends with ``factor`` (the last four characters). None otherwise — the caller does not
    learn which part was wrong."""
    import hmac

    code = (code or "").strip().upper().replace(" ", "")
    if len(code) == 12 and "-" not in code:
        code = f"{code[:4]}-{code[4:8]}-{code[8:]}"
    factor = (factor or "").strip().upper()
    if len(factor) != 4:
        return None
    case = (
        Application.objects.filter(tracking_code=code).select_related("applicant", "organ").first()
    )
    if case is None:
        return None
    a = case.applicant
    candidates = [decrypt(a.id_number_enc), a.credit_code, decrypt(a.phone_enc)]
    for candidate in candidates:
        tail = "".join(ch for ch in (candidate or "").upper() if ch.isalnum())[-4:]
        if tail and hmac.compare_digest(tail, factor):
            return case
    return None


def tracking_view(case: Application) -> dict:
    """What the applicant sees: state, dates, explained deadline, public steps, own letters,
    released files. Nothing about staff or internal notes."""
    letters = list(case.letters.filter(kind__in=APPLICANT_LETTERS).order_by("issued_on", "id"))
    events = [e for e in case.events.order_by("created_at", "id") if e.action in PUBLIC_EVENTS]
    deadline = case.reply_deadline
    return {
        "number": case.number,
        "organ": case.organ.name,
        "office_phone": case.organ.office_phone,
        "state": PUBLIC_STATES.get(case.state, case.get_state_display()),
        "is_open": case.is_open,
        "submitted_at": case.submitted_at,
        "received_on": case.received_on,
        "reply_due": deadline.due if deadline and deadline.is_open else None,
        "explanation": deadline.explanation if deadline and deadline.is_open else [],
        "confirmed": deadline.confirmed if deadline else True,
        "delivered_on": case.delivered_on,
        "summary": case.summary,
        "events": [(e.created_at, e.label) for e in events],
        "letters": letters,
        "files": list(case.attachments.filter(kind="released")),
    }
