"""Handling an application, step by step (条例 第三十条至第四十五条). Each service locks the case,
checks the transition table and the actor's capability, changes what the step changes, keeps the
deadlines right, issues the step's letter and writes the event — in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.calendars import deadlines as engine
from gongkai.calendars.selectors import work_calendar
from gongkai.calendars.services import deadline_close, deadline_track
from gongkai.cases import fees as fee_rules
from gongkai.cases.models import (
    Application,
    CaseAttachment,
    Consultation,
    Extension,
    FeeNotice,
    Item,
    LetterKind,
    Remedy,
)
from gongkai.cases.outcomes import (
    DEFAULT_PRECEDENCE,
    LEGAL_REVIEW_ALWAYS,
    NEEDS_REASONS,
    Decision,
    Termination,
    WithholdReason,
    application_row,
    decision_row,
    termination_row,
)
from gongkai.cases.services.common import (
    check_version,
    close_deadlines,
    config,
    event,
    lock,
    require,
    require_text,
    sync_reply_deadline,
    today,
    transition,
)
from gongkai.cases.services.letters import chinese_date, format_due, letter_issue
from gongkai.cases.workflow import State
from gongkai.core.crypto import encrypt
from gongkai.core.errors import Conflict, InvalidInput, NotAllowed
from gongkai.core.uploads import DOCUMENT_KINDS, IDENTITY_KINDS, store_upload
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can


def _applicant(case: Application) -> dict:
    from gongkai.cases.selectors import applicant_for_letters

    return applicant_for_letters(case)


def _on(on: date | None, at: datetime | None) -> date:
    if on is not None:
        return on
    return timezone.localtime(at).date() if at else today()


def _not_future(value: date, field: str) -> None:
    if value > timezone.localdate():
        raise InvalidInput("日期不能晚于今天", field=field)


# --- acceptance and correction (第三十条) ----------------------------------------------------


@transaction.atomic
def application_accept(
    *,
    actor,
    case: Application,
    received_on: date | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """受理. For channels whose receipt is confirmed (网上、传真、平常信函), accepting confirms the
    receipt date (default: today)."""
    case = lock(case, version)
    if case.received_on is None:
        from gongkai.cases.services.intake import application_confirm_receipt

        application_confirm_receipt(
            actor=actor, case=case, confirmed_on=received_on or _on(None, at), at=at
        )
        case = lock(case)  # the version was checked above; confirming the receipt moved it on
    transition(case, actor=actor, action="accept", at=at)
    if case.correction_deadline and case.correction_deadline.is_open:
        deadline_close(deadline=case.correction_deadline)
    return case


@transaction.atomic
def application_request_correction(
    *,
    actor,
    case: Application,
    items: str,
    due: date | None = None,
    on: date | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """补正告知: once, within 7 working days of receipt, naming what to correct and a reasonable
    period; the reply clock stops and restarts on the corrected application."""
    case = lock(case, version)
    on = _on(on, at)
    items = require_text(items, "items", "请写明需要补正的事项")
    if case.correction_requested_on is not None:
        raise Conflict("补正告知只能发出一次（条例第三十条）", code="correction_once")
    if case.received_on is None:
        raise Conflict("尚未确定收到申请日期，请先确认收到")
    notice_due = case.correction_deadline.due if case.correction_deadline else None
    if notice_due and on > notice_due:
        raise Conflict(
            f"补正告知应在收到申请之日起7个工作日内发出（期限为{chinese_date(notice_due)}），已逾期，请依法直接答复",
            code="correction_late",
        )
    calendar = work_calendar(case.organ.jurisdiction)
    if due is None:
        period = engine.Rule(
            "correction_period",
            "补正期限",
            "《政府信息公开条例》第三十条（合理期限）",
            "发出补正告知之日",
            config("CORRECTION_PERIOD_WORKING_DAYS"),
        )
        due = engine.add_working_days(calendar, start=on, n=period.working_days, rule=period).due
    if due <= on:
        raise InvalidInput("补正期限应晚于告知日期", field="due")
    case.correction_requested_on, case.correction_items, case.correction_due = on, items, due
    transition(
        case,
        actor=actor,
        action="request_correction",
        version=version,
        at=at,
        fields=("correction_requested_on", "correction_items", "correction_due"),
        data={"due": due.isoformat()},
    )
    close_deadlines(case)
    letter_issue(
        actor=actor,
        case=case,
        kind=LetterKind.CORRECTION,
        applicant=_applicant(case),
        on=on,
        data={"correction_items": items, "correction_due": chinese_date(due)},
    )
    return case


@transaction.atomic
def application_receive_correction(
    *,
    actor,
    case: Application,
    corrected_on: date,
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """The corrected application arrived: the reply period runs anew from this day."""
    case = lock(case, version)
    _not_future(corrected_on, "corrected_on")
    if corrected_on < case.correction_requested_on:
        raise InvalidInput("收到补正的日期不能早于补正告知日期", field="corrected_on")
    case.corrected_on = corrected_on
    transition(
        case,
        actor=actor,
        action="receive_correction",
        version=version,
        at=at,
        fields=("corrected_on",),
        data={"corrected_on": corrected_on.isoformat()},
    )
    sync_reply_deadline(case, reason="收到补正后的申请，答复期限重新起算（第三十条）")
    type(case.reply_deadline).objects.filter(pk=case.reply_deadline_id).update(is_open=True)
    return case


@transaction.atomic
def application_correction_lapsed(
    *,
    actor,
    case: Application,
    on: date | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """无正当理由逾期不补正: deemed abandoned, processing stops (R3.6.1)."""
    case = lock(case, version)
    on = _on(on, at)
    if case.correction_due and on <= case.correction_due:
        raise Conflict(
            f"补正期限（{chinese_date(case.correction_due)}）尚未届满", code="not_lapsed"
        )
    return _terminate(
        case,
        actor=actor,
        action="correction_lapsed",
        termination=Termination.NO_CORRECTION,
        on=on,
        version=version,
        at=at,
        reason="您未在补正期限内补正申请，视为放弃申请。根据《中华人民共和国政府信息公开条例》第三十条的规定，",
    )


def _terminate(
    case, *, actor, action, termination, on, version, at, reason, letter=True
) -> Application:
    case.termination = termination
    case.closed_on = on
    case.outcome_row = termination_row(termination)
    transition(
        case,
        actor=actor,
        action=action,
        version=version,
        at=at,
        fields=("termination", "closed_on", "outcome_row"),
        data={"row": case.outcome_row},
    )
    close_deadlines(case)
    if letter:
        letter_issue(
            actor=actor,
            case=case,
            kind=LetterKind.TERMINATION,
            applicant=_applicant(case),
            on=on,
            data={"reason": reason},
        )
    return case


# --- assignment (分办、协办) ----------------------------------------------------------------


@transaction.atomic
def application_assign(
    *,
    actor,
    case: Application,
    handling_organ,
    handler,
    assisting_organs: Sequence = (),
    note: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    case = lock(case, version)
    if handling_organ.pk != case.organ_id and not handling_organ.path.startswith(case.organ.path):
        raise InvalidInput("承办机关应为答复机关本身或其所属机关", field="handling_organ")
    if handler is None or not user_can(handler, Capability.CASE_HANDLE, handling_organ):
        raise InvalidInput("经办人须在承办机关担任经办人", field="handler")
    case.handling_organ, case.handler = handling_organ, handler
    transition(
        case,
        actor=actor,
        action="assign",
        version=version,
        at=at,
        note=note,
        fields=("handling_organ", "handler"),
        data={
            "handling_organ": handling_organ.code,
            "handler": handler.username,
            "assisting": [o.code for o in assisting_organs],
        },
    )
    case.assisting_organs.set(assisting_organs)
    return case


# --- consultation (第三十二条、第三十四条) --------------------------------------------------------


@dataclass
class PartyData:
    kind: str  # Consultation.Kind
    party: str
    sent_on: date
    letter_received_on: date
    address: str = ""


@transaction.atomic
def consultation_start(
    *,
    actor,
    case: Application,
    parties: Sequence[PartyData],
    version: int | None = None,
    at: datetime | None = None,
) -> list[Consultation]:
    """Send consultation letters; the reply clock pauses from dispatch to the opinion."""
    case = lock(case, version)
    if not parties:
        raise InvalidInput("请至少填写一个被征求意见方", field="parties")
    calendar = work_calendar(case.organ.jurisdiction)
    rows = []
    for p in parties:
        if p.kind not in Consultation.Kind.values:
            raise InvalidInput("请选择被征求意见方类型", field="kind")
        require_text(p.party, "party", "请填写被征求意见方名称")
        if p.letter_received_on < p.sent_on:
            raise InvalidInput("对方收到日期不能早于发出日期", field="letter_received_on")
        due = engine.consultation_reply_due(calendar, letter_received=p.letter_received_on).due
        rows.append(
            Consultation.objects.create(
                application=case,
                kind=p.kind,
                party=p.party.strip(),
                party_address=p.address,
                sent_on=p.sent_on,
                letter_received_on=p.letter_received_on,
                due=due,
            )
        )
    transition(
        case,
        actor=actor,
        action="start_consultation",
        version=version,
        at=at,
        data={"parties": len(rows)},
    )
    sync_reply_deadline(case, reason="征求意见，期间不计入答复期限（第三十三条第三款）")
    for row in rows:
        kind = (
            LetterKind.CONSULT_THIRD_PARTY
            if row.kind == Consultation.Kind.THIRD_PARTY
            else LetterKind.CONSULT_CO_MAKER
        )
        letter_issue(
            actor=actor,
            case=case,
            kind=kind,
            applicant=_applicant(case),
            on=row.sent_on,
            data={"party": row.party, "due": chinese_date(row.due)},
        )
    return rows


@transaction.atomic
def consultation_record_opinion(
    *,
    actor,
    consultation: Consultation,
    opinion: str,
    received_on: date | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Consultation:
    case = lock(consultation.application)
    require(actor, case, Capability.CASE_HANDLE, "handling")
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if opinion not in (
        Consultation.Opinion.AGREE,
        Consultation.Opinion.OBJECT,
        Consultation.Opinion.NO_REPLY,
    ):
        raise InvalidInput("请选择对方意见", field="opinion")
    if opinion == Consultation.Opinion.NO_REPLY:
        if _on(None, at) <= consultation.due:
            raise Conflict(
                f"对方答复期限（{chinese_date(consultation.due)}）尚未届满", code="not_lapsed"
            )
        received_on = None
    else:
        if received_on is None:
            raise InvalidInput("请填写收到意见的日期", field="received_on")
        _not_future(received_on, "received_on")
    consultation.opinion, consultation.opinion_received_on, consultation.note = (
        opinion,
        received_on,
        note,
    )
    consultation.save(update_fields=["opinion", "opinion_received_on", "note"])
    silence = ""
    if opinion == Consultation.Opinion.NO_REPLY:
        silence = (
            "第三方逾期未提出意见，由本机关依照条例规定决定是否公开（第三十二条）"
            if consultation.kind == Consultation.Kind.THIRD_PARTY
            else "共同制作机关逾期未提出意见，视为同意公开（第三十四条）"
        )
    event(
        case,
        actor=actor,
        action="consultation_opinion",
        label=f"收到{consultation.get_kind_display()}意见",
        at=at,
        note=silence or consultation.get_opinion_display(),
        data={"opinion": opinion},
    )
    sync_reply_deadline(case, reason="征求意见结束，恢复计算答复期限")
    return consultation


@transaction.atomic
def consultation_end(
    *, actor, case: Application, version: int | None = None, at: datetime | None = None
) -> Application:
    case = lock(case, version)
    if case.consultations.filter(opinion=Consultation.Opinion.PENDING).exists():
        raise Conflict(
            "尚有被征求意见方未答复且未逾期，请先登记其意见或逾期情况", code="consultation_pending"
        )
    transition(case, actor=actor, action="end_consultation", version=version, at=at)
    sync_reply_deadline(case, reason="征求意见结束")
    return case


@transaction.atomic
def third_party_disclosure_notice(
    *, actor, consultation: Consultation, reasons: str, on: date | None = None
):
    """Disclosing despite a third party's objection for major public interest (第三十二条): the
    third party is told the content and the reasons in writing."""
    case = consultation.application
    require(actor, case, Capability.CASE_HANDLE, "handling")
    reasons = require_text(
        reasons, "reasons", "请写明公开的理由（不公开可能对公共利益造成重大影响）"
    )
    return letter_issue(
        actor=actor,
        case=case,
        kind=LetterKind.THIRD_PARTY_DISCLOSURE,
        applicant=_applicant(case),
        on=on,
        data={"party": consultation.party, "reasons": reasons},
    )


# --- fees (国办函〔2020〕109号) --------------------------------------------------------------


def fee_quote(case: Application, *, basis: str, pages: int | None = None) -> fee_rules.FeeQuote:
    """按件: the applicant's items already made in the case's receipt month come first."""
    if basis == fee_rules.FeeBasis.PER_PAGE:
        if not pages:
            raise InvalidInput("按量计收须填写页数", field="pages")
        return fee_rules.quote_per_page(pages=pages)
    received = case.received_on
    earlier = (
        Item.objects.filter(
            application__applicant_key=case.applicant_key,
            application__received_on__year=received.year,
            application__received_on__month=received.month,
        )
        .filter(
            Q(application__received_on__lt=received)
            | Q(application__received_on=received, application__pk__lt=case.pk)
        )
        .count()
    )
    return fee_rules.quote_per_item(earlier_items_in_month=earlier, items=case.items.count())


@transaction.atomic
def fee_notice_send(
    *,
    actor,
    case: Application,
    basis: str,
    pages: int | None = None,
    sent_on: date | None = None,
    received_on: date | None = None,
    payment_method: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> FeeNotice:
    case = lock(case, version)
    if basis not in fee_rules.FeeBasis.values:
        raise InvalidInput("请选择计收方式", field="basis")
    if hasattr(case, "fee"):
        raise Conflict("该申请已发出收费通知", code="fee_exists")
    quote = fee_quote(case, basis=basis, pages=pages)
    if quote.amount <= 0:
        raise InvalidInput("按标准计算的费用为0元，无需收费", field="basis", code="fee_zero")
    sent_on = _on(sent_on, at)
    received_on = received_on or sent_on
    if received_on < sent_on:
        raise InvalidInput("申请人收到日期不能早于发出日期", field="received_on")
    payment = deadline_track(
        rule="fee_payment",
        start=received_on,
        jurisdiction=case.organ.jurisdiction,
        subject=case,
        label=f"{case.number} 缴费期限",
    )
    fee = FeeNotice.objects.create(
        application=case,
        basis=basis,
        units=quote.units,
        first_unit=quote.first_unit,
        amount=quote.amount,
        explanation=list(quote.explanation),
        sent_on=sent_on,
        received_on=received_on,
        payment_deadline=payment,
    )
    transition(
        case,
        actor=actor,
        action="send_fee_notice",
        version=version,
        at=at,
        data={"basis": basis, "amount": quote.amount},
    )
    case.fee = fee
    sync_reply_deadline(case, reason="发出收费通知")
    letter_issue(
        actor=actor,
        case=case,
        kind=LetterKind.FEE,
        applicant=_applicant(case),
        on=sent_on,
        data={
            "amount": quote.amount,
            "explanation": list(quote.explanation),
            "payment_method": payment_method or config("FEE_PAYMENT_METHOD"),
            "payment_due": chinese_date(payment.due),
        },
    )
    return fee


@transaction.atomic
def fee_record_payment(
    *,
    actor,
    case: Application,
    paid_on: date,
    receipt_number: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    case = lock(case, version)
    fee = FeeNotice.objects.select_for_update().get(application=case)
    _not_future(paid_on, "paid_on")
    if paid_on > fee.payment_deadline.due:
        raise Conflict(f"缴费期限已于{chinese_date(fee.payment_deadline.due)}届满", code="fee_late")
    fee.status, fee.paid_on, fee.receipt_number = FeeNotice.Status.PAID, paid_on, receipt_number
    fee.save(update_fields=["status", "paid_on", "receipt_number"])
    deadline_close(deadline=fee.payment_deadline)
    transition(
        case, actor=actor, action="fee_paid", version=version, at=at, data={"amount": fee.amount}
    )
    case.fee = fee
    sync_reply_deadline(case, reason="申请人已缴纳信息处理费，恢复计算答复期限")
    return case


@transaction.atomic
def fee_lapse(
    *,
    actor,
    case: Application,
    on: date | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """逾期未缴费: no longer processed (R3.6.2)."""
    case = lock(case, version)
    fee = FeeNotice.objects.select_for_update().get(application=case)
    on = _on(on, at)
    if on <= fee.payment_deadline.due:
        raise Conflict(
            f"缴费期限（{chinese_date(fee.payment_deadline.due)}）尚未届满", code="not_lapsed"
        )
    fee.status = FeeNotice.Status.LAPSED
    fee.save(update_fields=["status"])
    return _terminate(
        case,
        actor=actor,
        action="fee_lapsed",
        termination=Termination.FEE_UNPAID,
        on=on,
        version=version,
        at=at,
        reason="您未在收费通知要求的期限内缴纳信息处理费，视为放弃申请。根据《政府信息公开信息处理费管理办法》的规定，",
    )


# --- 第三十五条 bulk or frequent requests ---------------------------------------------------------


@transaction.atomic
def art35_ask_reasons(
    *,
    actor,
    case: Application,
    on: date | None = None,
    reasons_due: date | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    case = lock(case, version)
    on = _on(on, at)
    if reasons_due is None:
        reasons_due = engine.add_working_days(
            work_calendar(case.organ.jurisdiction), start=on, n=10, rule=engine.REPLY
        ).due
    case.art35_asked_on = on
    transition(
        case, actor=actor, action="ask_reasons", version=version, at=at, fields=("art35_asked_on",)
    )
    letter_issue(
        actor=actor,
        case=case,
        kind=LetterKind.ART35_REASONS,
        applicant=_applicant(case),
        on=on,
        data={"reasons_due": chinese_date(reasons_due)},
    )
    return case


@transaction.atomic
def art35_reasons_received(
    *,
    actor,
    case: Application,
    on: date,
    reasonable: bool,
    working_days: int | None = None,
    explanation: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """Reasons unreasonable → every item is decided 不予处理 (R3.5.4); reasonable but impossible in
    time → the organ sets a new reasonable period and tells the applicant."""
    case = lock(case, version)
    _not_future(on, "on")
    case.art35_reasons_on = on
    if reasonable:
        if not working_days or working_days < 1:
            raise InvalidInput("请确定延迟答复的合理期限（工作日数）", field="working_days")
        case.art35_days = working_days
        transition(
            case,
            actor=actor,
            action="reasons_received",
            version=version,
            at=at,
            fields=("art35_reasons_on", "art35_days"),
            data={"reasonable": True, "days": working_days},
        )
        sync_reply_deadline(case, reason="第三十五条：理由合理，确定新的答复期限")
        letter_issue(
            actor=actor,
            case=case,
            kind=LetterKind.ART35_DEADLINE,
            applicant=_applicant(case),
            on=on,
            data={"new_due": chinese_date(case.reply_deadline.due)},
        )
        return case
    transition(
        case,
        actor=actor,
        action="reasons_received",
        version=version,
        at=at,
        fields=("art35_reasons_on",),
        data={"reasonable": False},
    )
    for item in case.items.all():
        item.decision = Decision.BULK_UNREASONABLE
        item.reasons = explanation or "经审查，您说明的理由不合理。"
        item.basis = "《中华人民共和国政府信息公开条例》第三十五条"
        item.row = decision_row(item.decision)
        item.save(update_fields=["decision", "reasons", "basis", "row"])
    event(case, actor=actor, action="decide_all", label="拟不予处理（第三十五条）", at=at)
    return case


# --- decisions and the review chain -----------------------------------------------------------


@dataclass
class DecisionData:
    decision: str
    withhold_reason: str = ""
    basis: str = ""
    reasons: str = ""
    location: str = ""
    responsible_organ: str = ""
    responsible_contact: str = ""
    search_scope: str = ""
    provided: str = ""
    pages: int | None = None


def validate_decision(data: DecisionData) -> dict[str, list[str]]:
    """What the law requires a decision to carry (第三十六条至第三十九条; S2 第十二条)."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if data.decision not in Decision.values:
        add("decision", "请选择答复类型")
        return errors
    d = Decision(data.decision)
    if d in (Decision.WITHHOLD, Decision.PARTIAL):
        if data.withhold_reason not in WithholdReason.values:
            add("withhold_reason", "请选择不予公开的理由类别（第十四、十五、十六条）")
        if not data.basis.strip():
            add("basis", "请写明不予公开所依据的具体条款")
    if d in NEEDS_REASONS and not data.reasons.strip():
        add("reasons", "此类答复须说明理由")
    if d in (Decision.ALREADY_PROACTIVE, Decision.PUBLICATION) and not data.location.strip():
        add("location", "请写明获取该信息的方式和途径")
    if (
        d == Decision.NOT_OUR_DUTY
        and data.responsible_contact.strip()
        and not data.responsible_organ.strip()
    ):
        add("responsible_organ", "填写联系方式时请同时写明负责公开的机关")
    if d == Decision.NOT_EXIST and not data.search_scope.strip():
        add("search_scope", "请记录检索的范围和方法（如档案、业务系统）")
    if d == Decision.SPECIAL_REGIME and not data.basis.strip():
        add("basis", "请写明有特别规定的法律、行政法规")
    if d in (Decision.DISCLOSE, Decision.PARTIAL) and not data.provided.strip():
        add("provided", "请写明提供的信息及形式")
    return errors


@transaction.atomic
def item_decide(
    *, actor, item: Item, data: DecisionData, version: int | None = None, at: datetime | None = None
) -> Item:
    """Draft one item's decision (拟办意见). Only while the case is being handled."""
    case = lock(item.application)
    check_version(case, version)
    require(actor, case, Capability.CASE_HANDLE, "handling")
    if case.state != State.ASSIGNED:
        raise Conflict(
            f"当前状态“{State(case.state).label}”不能修改答复意见", code="transition_not_allowed"
        )
    errors = validate_decision(data)
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(messages[0], field=field, errors=errors)
    item = Item.objects.select_for_update().get(pk=item.pk)
    for name in (
        "decision",
        "withhold_reason",
        "basis",
        "reasons",
        "location",
        "responsible_organ",
        "responsible_contact",
        "search_scope",
        "provided",
        "pages",
    ):
        setattr(item, name, getattr(data, name) if getattr(data, name) is not None else "")
    if item.decision not in (Decision.WITHHOLD, Decision.PARTIAL):
        item.withhold_reason = ""
    item.row = decision_row(item.decision, item.withhold_reason or None, config("DECISION_ROWS"))
    item.pages = data.pages
    item.save()
    case.version += 1
    case.save(update_fields=["version", "updated_at"])
    event(
        case,
        actor=actor,
        action="decide",
        label=f"拟办：第{item.position}项 {Decision(item.decision).label}",
        at=at,
        data={"item": item.position, "decision": item.decision, "row": item.row},
    )
    return item


def needs_legal_review(case: Application) -> bool:
    decisions = set(case.items.values_list("decision", flat=True))
    required = LEGAL_REVIEW_ALWAYS | set(config("LEGAL_REVIEW_DECISIONS"))
    return bool(decisions & required)


@transaction.atomic
def application_submit_for_review(
    *,
    actor,
    case: Application,
    note: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    case = lock(case, version)
    undecided = [i.position for i in case.items.all() if not i.decision]
    if undecided:
        raise Conflict(
            f"第{'、'.join(map(str, undecided))}项尚未拟定答复意见", code="undecided_items"
        )
    return transition(
        case, actor=actor, action="submit_for_review", version=version, at=at, note=note
    )


def _not_own_draft(actor, case: Application) -> None:
    if actor is not None and case.handler_id == actor.pk:
        raise NotAllowed("不能审核或签发自己承办的申请")


@transaction.atomic
def application_approve_review(
    *,
    actor,
    case: Application,
    note: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """科室负责人审核: to 法律审核 when the decisions require it (不予公开、部分公开, and any
    configured), else straight to 签发."""
    case = lock(case, version)
    _not_own_draft(actor, case)
    target = State.LEGAL_REVIEW if needs_legal_review(case) else State.SIGNING
    return transition(
        case, actor=actor, action="approve_review", target=target, version=version, at=at, note=note
    )


@transaction.atomic
def application_approve_legal(
    *,
    actor,
    case: Application,
    note: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    case = lock(case, version)
    _not_own_draft(actor, case)
    return transition(case, actor=actor, action="approve_legal", version=version, at=at, note=note)


@transaction.atomic
def application_return(
    *, actor, case: Application, note: str, version: int | None = None, at: datetime | None = None
) -> Application:
    case = lock(case, version)
    note = require_text(note, "note", "退回时请写明修改意见")
    return transition(
        case, actor=actor, action="return_for_revision", version=version, at=at, note=note
    )


@transaction.atomic
def application_sign(
    *,
    actor,
    case: Application,
    note: str = "",
    on: date | None = None,
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """分管领导签发: the reply letter is issued (numbered and frozen) with the remedy clause."""
    case = lock(case, version)
    _not_own_draft(actor, case)
    on = _on(on, at)
    transition(case, actor=actor, action="sign", version=version, at=at, note=note)
    letter_issue(actor=actor, case=case, kind=LetterKind.REPLY, applicant=_applicant(case), on=on)
    return case


@transaction.atomic
def application_deliver(
    *,
    actor,
    case: Application,
    method: str,
    delivered_on: date,
    proof: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """送达. The date that counts as the reply's date: 交邮之日 for post (China Post only),
    签收之日 for hand delivery, the sending day for electronic delivery (spec §1.4, [U])."""
    from gongkai.cases.models import Delivery

    case = lock(case, version)
    if method not in Delivery.values:
        raise InvalidInput("请选择送达方式", field="method")
    _not_future(delivered_on, "delivered_on")
    if method == Delivery.POST and not proof.strip():
        raise InvalidInput("邮寄送达请填写中国邮政挂号信或EMS单号", field="proof")
    reply = case.letters.filter(kind=LetterKind.REPLY).order_by("-issued_on").first()
    if reply and delivered_on < reply.issued_on:
        raise InvalidInput("送达日期不能早于答复书的日期", field="delivered_on")
    rows = list(case.items.values_list("row", flat=True))
    case.delivered_on, case.delivery_proof, case.delivery_method = (
        delivered_on,
        proof.strip(),
        method,
    )
    case.closed_on = delivered_on
    case.outcome_row = application_row(rows, config("OUTCOME_PRECEDENCE") or DEFAULT_PRECEDENCE)
    transition(
        case,
        actor=actor,
        action="deliver",
        version=version,
        at=at,
        fields=("delivered_on", "delivery_proof", "delivery_method", "closed_on", "outcome_row"),
        data={"method": method, "row": case.outcome_row},
    )
    overdue = case.reply_deadline and delivered_on > case.reply_deadline.due
    close_deadlines(case)
    if overdue:
        event(
            case,
            actor=None,
            action="late",
            label="逾期答复",
            at=at,
            note=f"答复期限为{chinese_date(case.reply_deadline.due)}",
        )
    return case


@transaction.atomic
def application_archive(
    *, actor, case: Application, version: int | None = None, at: datetime | None = None
) -> Application:
    case = lock(case, version)
    return transition(case, actor=actor, action="archive", version=version, at=at)


@transaction.atomic
def application_withdraw(
    *,
    actor,
    case: Application,
    on: date | None = None,
    note: str = "",
    version: int | None = None,
    at: datetime | None = None,
) -> Application:
    """申请人撤回 (counted as 其他处理-3, spec §3.4 [U])."""
    case = lock(case, version)
    on = _on(on, at)
    _not_future(on, "on")
    return _terminate(
        case,
        actor=actor,
        action="withdraw",
        termination=Termination.WITHDRAWN,
        on=on,
        version=version,
        at=at,
        reason="您已撤回该政府信息公开申请，",
        letter=False,
    )


# --- extension (第三十三条第二款) ------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *,
    actor,
    case: Application,
    days: int,
    reason: str,
    on: date | None = None,
    at: datetime | None = None,
) -> Extension:
    case = lock(case)
    require(actor, case, Capability.CASE_HANDLE, "handling")
    if not case.is_open or case.reply_deadline is None:
        raise Conflict("该申请当前不能申请延期", code="transition_not_allowed")
    reason = require_text(reason, "reason", "请写明延期理由")
    if days < 1 or case.extension_days + days > engine.MAX_EXTENSION:
        raise InvalidInput(
            f"延长期限合计不得超过{engine.MAX_EXTENSION}个工作日（已延长{case.extension_days}个）",
            field="days",
        )
    if case.extensions.filter(status=Extension.Status.REQUESTED).exists():
        raise Conflict("已有待批准的延期申请", code="extension_pending")
    extension = Extension.objects.create(
        application=case, days=days, reason=reason, requested_by=actor, requested_on=_on(on, at)
    )
    event(case, actor=actor, action="extension_request", label=f"申请延期{days}个工作日", at=at)
    return extension


@transaction.atomic
def extension_decide(
    *,
    actor,
    extension: Extension,
    approve: bool,
    on: date | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Extension:
    """公开办负责人批准 — before the current due date; then the notice letter goes out."""
    case = lock(extension.application)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    require(actor, case, Capability.CASE_APPROVE_EXTENSION)
    if extension.status != Extension.Status.REQUESTED:
        raise Conflict("该延期申请已处理", code="extension_decided")
    on = _on(on, at)
    if approve and on > case.reply_deadline.due:
        raise Conflict(
            f"答复期限已于{chinese_date(case.reply_deadline.due)}届满，不能再批准延期",
            code="extension_late",
        )
    extension.status = Extension.Status.APPROVED if approve else Extension.Status.REFUSED
    extension.decided_by, extension.decided_on = actor, on
    extension.save(update_fields=["status", "decided_by", "decided_on"])
    if not approve:
        event(case, actor=actor, action="extension_refused", label="不同意延期", at=at, note=note)
        return extension
    case.extension_days += extension.days
    case.version += 1
    case.save(update_fields=["extension_days", "version", "updated_at"])
    sync_reply_deadline(
        case, reason=f"经公开办负责人批准延长{extension.days}个工作日（第三十三条第二款）"
    )
    event(
        case,
        actor=actor,
        action="extension_approved",
        label=f"批准延期{extension.days}个工作日",
        at=at,
        data={"days": extension.days},
    )
    letter_issue(
        actor=actor,
        case=case,
        kind=LetterKind.EXTENSION,
        applicant=_applicant(case),
        on=on,
        data={
            "days": extension.days,
            "reason": extension.reason,
            "new_due": chinese_date(case.reply_deadline.due),
        },
    )
    return extension


# --- remedies (table 四) ---------------------------------------------------------------------------


@transaction.atomic
def remedy_record(
    *,
    actor,
    case: Application,
    kind: str,
    filed_on: date,
    body: str = "",
    reference: str = "",
    result: str = Remedy.Result.PENDING,
    decided_on: date | None = None,
    note: str = "",
) -> Remedy:
    require(actor, case, Capability.CASE_VIEW)
    if actor is not None and not (
        user_can(actor, Capability.CASE_REGISTER, case.organ)
        or user_can(actor, Capability.CASE_ASSIGN, case.organ)
    ):
        raise NotAllowed("只有政府信息公开工作机构可以登记复议诉讼")
    if kind not in Remedy.Kind.values:
        raise InvalidInput("请选择复议或诉讼类型", field="kind")
    if result not in Remedy.Result.values:
        raise InvalidInput("请选择结果", field="result")
    _not_future(filed_on, "filed_on")
    if result != Remedy.Result.PENDING and decided_on is None:
        raise InvalidInput("已审结的请填写审结日期", field="decided_on")
    if decided_on and decided_on < filed_on:
        raise InvalidInput("审结日期不能早于申请日期", field="decided_on")
    remedy = Remedy.objects.create(
        application=case,
        kind=kind,
        filed_on=filed_on,
        body=body or (case.organ.review_body_name() if kind == "review" else ""),
        reference=reference,
        result=result,
        decided_on=decided_on,
        note=note,
    )
    event(
        case,
        actor=actor,
        action="remedy",
        label=f"登记{remedy.get_kind_display()}",
        data={"kind": kind, "result": result},
    )
    return remedy


@transaction.atomic
def remedy_update(*, actor, remedy: Remedy, result: str, decided_on: date | None) -> Remedy:
    case = remedy.application
    require(actor, case, Capability.CASE_VIEW)
    if result not in Remedy.Result.values:
        raise InvalidInput("请选择结果", field="result")
    if result != Remedy.Result.PENDING and decided_on is None:
        raise InvalidInput("已审结的请填写审结日期", field="decided_on")
    remedy.result, remedy.decided_on = result, decided_on
    remedy.save(update_fields=["result", "decided_on", "updated_at"])
    event(
        case,
        actor=actor,
        action="remedy_result",
        label=f"{remedy.get_kind_display()}结果：{remedy.get_result_display()}",
    )
    return remedy


# --- attachments ---------------------------------------------------------------------------------


@transaction.atomic
def attachment_add(
    *, actor, case: Application, kind: str, data: bytes, filename: str
) -> CaseAttachment:
    """Identity documents (PDF/JPEG/PNG, ≤ 10 MB) and other materials; released information is
    what the applicant will download with the reply."""
    if actor is not None:
        scope_ok = user_can(actor, Capability.CASE_REGISTER, case.organ) or (
            kind == CaseAttachment.Kind.RELEASED
            and user_can(actor, Capability.CASE_HANDLE, case.handling_organ)
        )
        if not scope_ok:
            raise NotAllowed("您无权为该申请上传材料")
    if kind not in CaseAttachment.Kind.values:
        raise InvalidInput("请选择材料类型", field="kind")
    identity = kind == CaseAttachment.Kind.IDENTITY
    stored = store_upload(
        data=data,
        filename=filename,
        folder=f"cases/{case.public_id}",
        allowed=IDENTITY_KINDS if identity else DOCUMENT_KINDS,
        max_bytes=(10 if identity else 50) * 1024 * 1024,
    )
    attachment = CaseAttachment.objects.create(
        application=case,
        kind=kind,
        file=stored.name,
        original_name_enc=encrypt(stored.original_name),
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=actor,
    )
    event(
        case,
        actor=actor,
        action="attachment",
        label=f"上传{attachment.get_kind_display()}",
        data={"kind": kind, "size": stored.size},
    )
    return attachment


def fee_due_text(fee: FeeNotice) -> str:
    return format_due(fee.payment_deadline.due)
