"""Decisions (答复类型) and the annual-report row each lands in (spec §1.3 item 8, §3.4).

Pure: no ORM. Every item of an application gets one decision; the application counts once in
table 三, in the row chosen by :func:`application_row`. Mappings marked [U] in the spec are
settings (``GONGKAI["DECISION_ROWS"]``) with these defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.db import models


class Decision(models.TextChoices):
    DISCLOSE = "disclose", "予以公开（第三十六条第二项）"
    ALREADY_PROACTIVE = "already_proactive", "已主动公开（第三十六条第一项）"
    PARTIAL = "partial", "部分公开（第三十七条）"
    WITHHOLD = "withhold", "不予公开（第三十六条第三项）"
    NOT_EXIST = "not_exist", "信息不存在（第三十六条第四项）"
    NOT_OUR_DUTY = "not_our_duty", "非本机关负责公开（第三十六条第五项）"
    NOT_GOVERNMENT_INFO = "not_government_info", "不属于政府信息"
    NEEDS_CREATION = "needs_creation", "需另行制作（第三十八条）"
    UNCLEAR_AFTER_CORRECTION = "unclear_after_correction", "补正后申请内容仍不明确（第三十条）"
    SPECIAL_REGIME = "special_regime", "按有关法律法规规定办理（第三十六条第七项）"
    REPEAT = "repeat", "不予重复处理（第三十六条第六项）"
    PETITION = "petition", "信访举报投诉类（第三十九条第一款）"
    PUBLICATION = "publication", "要求提供公开出版物（第三十九条第二款）"
    BULK_UNREASONABLE = "bulk_unreasonable", "无正当理由大量反复申请（第三十五条）"
    CONFIRM_OR_REISSUE = "confirm_or_reissue", "要求确认或重新出具已获取信息"


class WithholdReason(models.TextChoices):
    """不予公开的理由 — the sub-rows of table 三 （三）."""

    STATE_SECRET = "state_secret", "属于国家秘密（第十四条）"
    LAW_PROHIBITED = "law_prohibited", "其他法律行政法规禁止公开（第十四条）"
    SAFETY_STABILITY = "safety_stability", "危及“三安全一稳定”（第十四条）"
    THIRD_PARTY = "third_party", "保护第三方合法权益（第十五条）"
    INTERNAL_AFFAIRS = "internal_affairs", "属于三类内部事务信息（第十六条第一款）"
    PROCESS_INFO = "process_info", "属于四类过程性信息（第十六条第二款）"
    ENFORCEMENT_FILE = "enforcement_file", "属于行政执法案卷（第十六条第二款）"


class Termination(models.TextChoices):
    """Endings without a decision on the content."""

    NO_CORRECTION = "no_correction", "申请人无正当理由逾期不补正"
    FEE_UNPAID = "fee_unpaid", "申请人逾期未缴纳信息处理费"
    WITHDRAWN = "withdrawn", "申请人撤回申请"
    OTHER = "other", "其他"


WITHHOLD_ROWS = {
    WithholdReason.STATE_SECRET: "R3.3.1",
    WithholdReason.LAW_PROHIBITED: "R3.3.2",
    WithholdReason.SAFETY_STABILITY: "R3.3.3",
    WithholdReason.THIRD_PARTY: "R3.3.4",
    WithholdReason.INTERNAL_AFFAIRS: "R3.3.5",
    WithholdReason.PROCESS_INFO: "R3.3.6",
    WithholdReason.ENFORCEMENT_FILE: "R3.3.7",
}

# Default decision → row (spec §3.4). Keys marked [U] are overridable by settings.
DEFAULT_DECISION_ROWS: dict[str, str] = {
    Decision.DISCLOSE: "R3.1",
    Decision.ALREADY_PROACTIVE: "R3.1",  # [U]
    Decision.PARTIAL: "R3.2",
    Decision.SPECIAL_REGIME: "R3.3.8",  # [U]
    Decision.NOT_EXIST: "R3.4.1",
    Decision.NOT_OUR_DUTY: "R3.4.1",  # [U]
    Decision.NOT_GOVERNMENT_INFO: "R3.4.1",  # [U] spec §8 item 10: local practice varies (R3.4.1 / R3.6.3)
    Decision.NEEDS_CREATION: "R3.4.2",
    Decision.UNCLEAR_AFTER_CORRECTION: "R3.4.3",
    Decision.PETITION: "R3.5.1",
    Decision.REPEAT: "R3.5.2",
    Decision.PUBLICATION: "R3.5.3",
    Decision.BULK_UNREASONABLE: "R3.5.4",
    Decision.CONFIRM_OR_REISSUE: "R3.5.5",
}
TERMINATION_ROWS = {
    Termination.NO_CORRECTION: "R3.6.1",
    Termination.FEE_UNPAID: "R3.6.2",
    Termination.WITHDRAWN: "R3.6.3",  # [U]
    Termination.OTHER: "R3.6.3",
}

# Decisions whose letters must state reasons and the legal basis (第三十六条第三项、第三十七条;
# S2 第十二条: the organ must have performed its duty to give reasons).
NEEDS_REASONS = frozenset(
    {
        Decision.WITHHOLD,
        Decision.PARTIAL,
        Decision.NOT_OUR_DUTY,
        Decision.NOT_GOVERNMENT_INFO,
        Decision.NEEDS_CREATION,
        Decision.SPECIAL_REGIME,
        Decision.REPEAT,
        Decision.PETITION,
        Decision.PUBLICATION,
        Decision.BULK_UNREASONABLE,
        Decision.CONFIRM_OR_REISSUE,
        Decision.UNCLEAR_AFTER_CORRECTION,
    }
)
# Decisions that need legal review (法律审核) — always; others by setting.
LEGAL_REVIEW_ALWAYS = frozenset({Decision.WITHHOLD, Decision.PARTIAL})
# Decisions that provide information (for the partial-disclosure rule).
PROVIDED_ROWS = frozenset({"R3.1", "R3.2"})


def decision_row(
    decision: str, withhold_reason: str | None = None, overrides: Mapping[str, str] | None = None
) -> str:
    """The table-三 row of one item's decision."""
    if decision == Decision.WITHHOLD:
        if not withhold_reason:
            raise ValueError("不予公开须注明理由类别")
        return WITHHOLD_ROWS[WithholdReason(withhold_reason)]
    rows = {**DEFAULT_DECISION_ROWS, **(overrides or {})}
    return rows[Decision(decision)]


def termination_row(termination: str) -> str:
    return TERMINATION_ROWS[Termination(termination)]


def application_row(item_rows: Sequence[str], precedence: Iterable[str]) -> str:
    """One row per application (spec §8 item 6; the R3.2 label “区分处理的，只计这一情形”).

    Rule ``partial_wins`` (the default): if any item is partly disclosed, or some items are
    provided (R3.1/R3.2) while others are not, the application counts as 部分公开 (R3.2). When
    all items share one row, that row. Otherwise (several different non-provided rows) the
    first row in ``precedence`` that occurs wins.
    """
    rows = list(item_rows)
    if not rows:
        raise ValueError("申请至少包含一项")
    distinct = set(rows)
    if len(distinct) == 1:
        return rows[0]
    if "R3.2" in distinct or (distinct & PROVIDED_ROWS and distinct - PROVIDED_ROWS):
        return "R3.2"
    for row in precedence:
        if row in distinct:
            return row
    return sorted(distinct)[0]


DEFAULT_PRECEDENCE = (
    "R3.3.1", "R3.3.2", "R3.3.3", "R3.3.4", "R3.3.5", "R3.3.6", "R3.3.7", "R3.3.8",
    "R3.4.1", "R3.4.2", "R3.4.3",
    "R3.5.1", "R3.5.2", "R3.5.3", "R3.5.4", "R3.5.5",
    "R3.6.1", "R3.6.2", "R3.6.3",
)  # fmt: skip
