"""Permission matrix: each role sees and does exactly what it should, in its own organ and
across organs (issue #3 'Done when'). Expectations follow the role table (orgs/roles.py) and the
division of work in the 条例: the handler drafts, the section head reviews, the legal adviser
reviews refusals, the leader signs, the OGI office registers, assigns and approves extensions."""

from __future__ import annotations

import pytest
import time_machine

from gongkai.cases import services as s
from gongkai.cases.outcomes import Decision, WithholdReason
from gongkai.cases.selectors import available_actions, can_view_personal_data, case_list_for
from gongkai.core.errors import Conflict, NotAllowed
from gongkai.orgs.roles import Role, Scope

pytestmark = pytest.mark.django_db

USERS = [
    "clerk",
    "handler",
    "head",
    "leader",
    "legal",
    "ogi_head",
    "publisher",
    "secrecy",
    "admin",
    "other_handler",
    "other_head",
    "other_leader",
]

# who may see the case / its applicant's personal data
SEES = {"clerk", "handler", "head", "leader", "legal", "ogi_head"}
PERSONAL = {"clerk", "handler", "head", "leader", "legal", "ogi_head"}

# state the case is brought to → {action: users allowed}
MATRIX = {
    "registered": {
        "accept": {"clerk", "handler", "ogi_head"},
        "request_correction": {"clerk", "handler", "ogi_head"},
        "withdraw": {"clerk", "handler", "ogi_head"},
    },
    # before assignment any handler of the organ may act; after it, only the assigned one
    "accepted": {
        "assign": {"ogi_head"},
        "ask_reasons": {"clerk", "handler"},
        "request_correction": {"clerk", "handler", "ogi_head"},
    },
    "assigned": {
        "submit_for_review": {"handler"},
        "start_consultation": {"handler"},
        "send_fee_notice": {"handler"},
        "assign": {"ogi_head"},
        "withdraw": {"clerk", "handler", "ogi_head"},
    },
    "reviewing": {"approve_review": {"head"}, "return_for_revision": {"head"}},
    "legal_review": {"approve_legal": {"legal"}, "return_for_revision": {"legal"}},
    "signing": {"sign": {"leader"}, "return_for_revision": {"leader"}},
    "signed": {"deliver": {"clerk", "handler", "ogi_head"}},
}


@pytest.fixture
def everyone(people, tree, make_staff):
    a, b = tree["a"], tree["b"]
    return {
        **people,
        "publisher": make_staff(a, Role.PUBLISHER, username="publisher"),
        "secrecy": make_staff(a, Role.SECRECY, username="secrecy"),
        "admin": make_staff(tree["gov"], Role.ADMIN, Scope.SUBTREE, username="admin"),
        "other_leader": make_staff(b, Role.LEADER, username="other_leader"),
    }


def bring_to(state, register, people, tree):
    case = register()
    if state == "registered":
        return case
    s.application_accept(actor=people["clerk"], case=case)
    if state == "accepted":
        return case
    s.application_assign(
        actor=people["ogi_head"], case=case, handling_organ=tree["a"], handler=people["handler"]
    )
    if state == "assigned":
        return case
    s.item_decide(
        actor=people["handler"],
        item=case.items.get(),
        data=s.DecisionData(
            Decision.WITHHOLD,
            withhold_reason=WithholdReason.PROCESS_INFO,
            basis="第十六条第二款",
            reasons="讨论记录。",
        ),
    )
    s.application_submit_for_review(actor=people["handler"], case=case)
    if state == "reviewing":
        return case
    s.application_approve_review(actor=people["head"], case=case)
    if state == "legal_review":
        return case
    s.application_approve_legal(actor=people["legal"], case=case)
    if state == "signing":
        return case
    s.application_sign(actor=people["leader"], case=case)
    return case


@pytest.mark.parametrize("state", list(MATRIX))
@time_machine.travel("2026-11-05 10:00 +0800", tick=False)
def test_matrix(state, register, everyone, tree):
    case = bring_to(state, register, everyone, tree)
    case.refresh_from_db()
    assert case.state == state
    for name in USERS:
        user = everyone[name]
        visible = (
            case_list_for(user, queue="open").filter(pk=case.pk).exists()
            or case_list_for(user, queue="closed").filter(pk=case.pk).exists()
        )
        assert visible is (name in SEES), f"{name} sees the case: {visible}"
        assert can_view_personal_data(user, case) is (name in PERSONAL), f"{name} personal data"
        offered = {t.action for t in available_actions(user, case)}
        for action, allowed in MATRIX[state].items():
            assert (action in offered) is (name in allowed), (
                f"{state}/{action}: {name} offered={action in offered}"
            )


SERVICE_CALLS = {
    "approve_review": lambda user, case: s.application_approve_review(actor=user, case=case),
    "approve_legal": lambda user, case: s.application_approve_legal(actor=user, case=case),
    "sign": lambda user, case: s.application_sign(actor=user, case=case),
}


@pytest.mark.parametrize(
    "state,action",
    [("reviewing", "approve_review"), ("legal_review", "approve_legal"), ("signing", "sign")],
)
@time_machine.travel("2026-11-05 10:00 +0800", tick=False)
def test_services_enforce_the_matrix_themselves(state, action, register, everyone, tree):
    """Not only the buttons: the service refuses everyone but the right role, and nobody approves
    their own draft."""
    case = bring_to(state, register, everyone, tree)
    for name in USERS:
        if name in MATRIX[state][action]:
            continue
        with pytest.raises((NotAllowed, Conflict)):
            SERVICE_CALLS[action](everyone[name], case)
        case.refresh_from_db()
        assert case.state == state
    SERVICE_CALLS[action](everyone[next(iter(MATRIX[state][action]))], case)


@time_machine.travel("2026-11-05 10:00 +0800", tick=False)
def test_handler_cannot_review_own_draft_even_with_both_roles(register, everyone, tree, make_staff):
    from gongkai.orgs.services import membership_grant

    membership_grant(actor=None, user=everyone["handler"], organ=tree["a"], role=Role.SECTION_HEAD)
    case = bring_to("reviewing", register, everyone, tree)
    with pytest.raises(NotAllowed, match="自己承办"):
        s.application_approve_review(actor=everyone["handler"], case=case)


@time_machine.travel("2026-11-05 10:00 +0800", tick=False)
def test_extension_approval_belongs_to_the_ogi_office_head(register, everyone, tree):
    case = bring_to("assigned", register, everyone, tree)
    extension = s.extension_request(actor=everyone["handler"], case=case, days=5, reason="需协调")
    for name in USERS:
        if name == "ogi_head":
            continue
        with pytest.raises(NotAllowed):
            s.extension_decide(actor=everyone[name], extension=extension, approve=True)
    s.extension_decide(actor=everyone["ogi_head"], extension=extension, approve=True)
