"""The document workflow (先审后发): an explicit, pure transition table.

::

    draft ──submit──► in_review (step 1 … n of the organ's review chain, e.g. 初审 → 复审 → 终审)
      ▲                  │ approve (last step)
      │ reject           ▼
      ├────────── secrecy_review (保密审查, mandatory)
      │                  │ secrecy_approve          (索引号 issued here)
      │ revise           ▼
      ├────────────── approved ──publish──► published ──withdraw──► withdrawn
      │                  │ ▲                    ▲                       │
      │           schedule │ unschedule         │ publish_due           │
      │                  ▼ │                    │                       │
      │               scheduled ────────────────┘                       │
      └─────────────────────────────────────── revise ◄─────────────────┘

Nothing reaches ``published`` without passing every review step and 保密审查 (《保守国家秘密法》,
条例 第十七条 "先审后发"); only 主动公开 documents may be published (条例 第十三条, 第十九条). A
rejected step returns the document to ``draft`` with the reviewer's reasons. Nobody reviews a
document they drafted, and nobody signs two steps of the same round ("三审" means three people).

Pure: no ORM. ``publications.services.documents.document_transition`` applies it.
"""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.orgs.roles import Capability

DRAFT = "draft"
IN_REVIEW = "in_review"
SECRECY_REVIEW = "secrecy_review"
APPROVED = "approved"
SCHEDULED = "scheduled"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"

STATES = (DRAFT, IN_REVIEW, SECRECY_REVIEW, APPROVED, SCHEDULED, PUBLISHED, WITHDRAWN)
EDITABLE_STATES = frozenset({DRAFT})


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    capability: Capability
    needs_reason: bool = False
    by_system: bool = False  # may run without a user (scheduled publication)
    reviews: bool = False  # a sign-off: the drafter may not do it


def _t(action, label, sources, target, capability, **flags) -> Transition:
    return Transition(action, label, frozenset(sources), target, capability, **flags)


C = Capability
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t("submit", "提交审核", {DRAFT}, IN_REVIEW, C.DOCUMENT_DRAFT),
        # ``approve`` moves to the next step of the chain, or to 保密审查 after the last one.
        _t("approve", "审核通过", {IN_REVIEW}, SECRECY_REVIEW, C.DOCUMENT_REVIEW, reviews=True),
        _t(
            "reject",
            "退回修改",
            {IN_REVIEW},
            DRAFT,
            C.DOCUMENT_REVIEW,
            needs_reason=True,
            reviews=True,
        ),
        _t(
            "secrecy_approve",
            "保密审查通过",
            {SECRECY_REVIEW},
            APPROVED,
            C.DOCUMENT_SECRECY_REVIEW,
            reviews=True,
        ),
        _t(
            "secrecy_reject",
            "保密审查退回",
            {SECRECY_REVIEW},
            DRAFT,
            C.DOCUMENT_SECRECY_REVIEW,
            needs_reason=True,
            reviews=True,
        ),
        _t("publish", "发布", {APPROVED}, PUBLISHED, C.DOCUMENT_PUBLISH),
        _t("schedule", "定时发布", {APPROVED}, SCHEDULED, C.DOCUMENT_PUBLISH),
        _t("unschedule", "取消定时", {SCHEDULED}, APPROVED, C.DOCUMENT_PUBLISH),
        _t(
            "publish_due",
            "到时发布",
            {SCHEDULED},
            PUBLISHED,
            C.DOCUMENT_PUBLISH,
            by_system=True,
        ),
        _t(
            "withdraw",
            "撤回",
            {PUBLISHED, SCHEDULED},
            WITHDRAWN,
            C.DOCUMENT_PUBLISH,
            needs_reason=True,
        ),
        _t("revise", "重新修改", {APPROVED, WITHDRAWN}, DRAFT, C.DOCUMENT_DRAFT),
    )
}


class TransitionError(Exception):
    """The table does not allow the action from the current state."""


def transition_for(action: str, state: str) -> Transition:
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(f"未知操作：{action}")
    if state not in transition.sources:
        raise TransitionError(f"当前状态不能执行“{transition.label}”")
    return transition


def target_state(transition: Transition, *, step: int, steps: int) -> tuple[str, int]:
    """(new state, new step index). ``approve`` stays in review until the chain's last step."""
    if transition.action == "approve" and step + 1 < steps:
        return IN_REVIEW, step + 1
    if transition.target in (IN_REVIEW, DRAFT):
        return transition.target, 0
    return transition.target, step


def actions_from(state: str) -> list[Transition]:
    """Transitions a person may start from ``state`` (system-only ones excluded)."""
    return [t for t in TRANSITIONS.values() if state in t.sources and not t.by_system]
