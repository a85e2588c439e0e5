"""The 依申请公开 workflow as an explicit transition table (条例 第二十九条至第四十五条).

Pure: no ORM. ``case_transition`` (services) locks the row, finds the transition here, checks the
actor's capability, saves and writes the event — nothing else changes a case's state.

    registered ─accept──────────────► accepted ─assign─► assigned ─submit─► reviewing
        │  └─request_correction─► correction ─receive_correction─► accepted
        │                              └─correction_lapsed─► closed (R3.6.1)
    assigned ─start_consultation─► consulting ─end_consultation─► assigned   (clock paused)
    assigned ─send_fee_notice─► fee_pending ─fee_paid─► assigned | ─fee_lapsed─► closed (R3.6.2)
    accepted|assigned ─ask_reasons─► art35_pending ─reasons_received─► assigned        (第三十五条)
    reviewing ─approve_review─► legal_review | signing;   legal_review ─approve_legal─► signing
    reviewing|legal_review|signing ─return_for_revision─► assigned
    signing ─sign─► signed ─deliver─► delivered ─archive─► archived
    any open state ─withdraw─► closed (R3.6.3)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from gongkai.orgs.roles import Capability


class State(models.TextChoices):
    REGISTERED = "registered", "已登记（待受理）"
    CORRECTION = "correction", "补正中"
    ACCEPTED = "accepted", "已受理（待分办）"
    ASSIGNED = "assigned", "办理中"
    CONSULTING = "consulting", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    ART35_PENDING = "art35_pending", "待说明理由"
    REVIEWING = "reviewing", "科室负责人审核"
    LEGAL_REVIEW = "legal_review", "法律审核"
    SIGNING = "signing", "领导签发"
    SIGNED = "signed", "已签发（待送达）"
    DELIVERED = "delivered", "已送达"
    ARCHIVED = "archived", "已归档"
    CLOSED = "closed", "已终止"


OPEN_STATES = frozenset(State) - {State.DELIVERED, State.ARCHIVED, State.CLOSED}
# The reply clock runs while the case is open and not yet answered.
ANSWERED_STATES = frozenset({State.DELIVERED, State.ARCHIVED, State.CLOSED})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[State]
    targets: frozenset[State]
    capability: Capability
    # Whose capability counts: the organ that answers ("organ") or the one handling ("handling").
    scope: str = "organ"


def _t(action, label, sources, targets, capability, scope="organ") -> Transition:
    return Transition(action, label, frozenset(sources), frozenset(targets), capability, scope)


S, C = State, Capability
_WITHDRAWABLE = OPEN_STATES

TRANSITIONS: tuple[Transition, ...] = (
    _t("accept", "受理", {S.REGISTERED}, {S.ACCEPTED}, C.CASE_REGISTER),
    _t(
        "request_correction",
        "告知补正",
        {S.REGISTERED, S.ACCEPTED},
        {S.CORRECTION},
        C.CASE_REGISTER,
    ),
    _t("receive_correction", "收到补正", {S.CORRECTION}, {S.ACCEPTED}, C.CASE_REGISTER),
    _t("correction_lapsed", "逾期未补正，终止办理", {S.CORRECTION}, {S.CLOSED}, C.CASE_REGISTER),
    _t("assign", "分办", {S.ACCEPTED, S.ASSIGNED}, {S.ASSIGNED}, C.CASE_ASSIGN),
    _t("start_consultation", "征求意见", {S.ASSIGNED}, {S.CONSULTING}, C.CASE_HANDLE, "handling"),
    _t("end_consultation", "结束征求意见", {S.CONSULTING}, {S.ASSIGNED}, C.CASE_HANDLE, "handling"),
    _t("send_fee_notice", "发出收费通知", {S.ASSIGNED}, {S.FEE_PENDING}, C.CASE_HANDLE, "handling"),
    _t("fee_paid", "已缴费", {S.FEE_PENDING}, {S.ASSIGNED}, C.CASE_HANDLE, "handling"),
    _t(
        "fee_lapsed", "逾期未缴费，终止办理", {S.FEE_PENDING}, {S.CLOSED}, C.CASE_HANDLE, "handling"
    ),
    _t(
        "ask_reasons",
        "要求说明理由（第三十五条）",
        {S.ACCEPTED, S.ASSIGNED},
        {S.ART35_PENDING},
        C.CASE_HANDLE,
        "handling",
    ),
    _t(
        "reasons_received", "理由已说明", {S.ART35_PENDING}, {S.ASSIGNED}, C.CASE_HANDLE, "handling"
    ),
    _t("submit_for_review", "提交审核", {S.ASSIGNED}, {S.REVIEWING}, C.CASE_HANDLE, "handling"),
    _t(
        "approve_review",
        "审核通过",
        {S.REVIEWING},
        {S.LEGAL_REVIEW, S.SIGNING},
        C.CASE_REVIEW,
        "handling",
    ),
    _t("approve_legal", "法律审核通过", {S.LEGAL_REVIEW}, {S.SIGNING}, C.CASE_LEGAL_REVIEW),
    _t("sign", "签发", {S.SIGNING}, {S.SIGNED}, C.CASE_SIGN),
    _t(
        "return_for_revision",
        "退回修改",
        {S.REVIEWING, S.LEGAL_REVIEW, S.SIGNING},
        {S.ASSIGNED},
        C.CASE_VIEW,  # refined by the state: the reviewer of that step (see step_capability)
    ),
    _t("deliver", "送达", {S.SIGNED}, {S.DELIVERED}, C.CASE_REGISTER),
    _t("archive", "归档", {S.DELIVERED}, {S.ARCHIVED}, C.CASE_REGISTER),
    _t("withdraw", "申请人撤回", _WITHDRAWABLE, {S.CLOSED}, C.CASE_REGISTER),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}

# Who may return a case from each review step.
STEP_CAPABILITY = {
    S.REVIEWING: (C.CASE_REVIEW, "handling"),
    S.LEGAL_REVIEW: (C.CASE_LEGAL_REVIEW, "organ"),
    S.SIGNING: (C.CASE_SIGN, "organ"),
}


class TransitionNotAllowed(Exception):
    pass


def find(action: str, source: str, target: str | None = None) -> Transition:
    """The transition for ``action`` from ``source`` (to ``target`` when it has several)."""
    transition = BY_ACTION.get(action)
    if transition is None:
        raise TransitionNotAllowed(f"未知操作：{action}")
    if source not in transition.sources:
        raise TransitionNotAllowed(f"当前状态“{State(source).label}”不能执行“{transition.label}”")
    if target is None:
        if len(transition.targets) != 1:
            raise TransitionNotAllowed(f"“{transition.label}”需要指定目标状态")
        target = next(iter(transition.targets))
    if target not in transition.targets:
        raise TransitionNotAllowed(f"“{transition.label}”不能转到“{State(target).label}”")
    return transition


def required_capability(transition: Transition, source: str) -> tuple[Capability, str]:
    if transition.action == "return_for_revision":
        return STEP_CAPABILITY[State(source)]
    return transition.capability, transition.scope


def available(source: str) -> list[Transition]:
    return [t for t in TRANSITIONS if source in t.sources]
