"""The transition table (先审后发): table-tested, no database."""

from __future__ import annotations

import pytest

from gongkai.orgs.roles import Capability
from gongkai.publications import workflow as wf


@pytest.mark.parametrize(
    "action,state,steps,step,expected",
    [
        ("submit", wf.DRAFT, 3, 0, (wf.IN_REVIEW, 0)),
        ("approve", wf.IN_REVIEW, 3, 0, (wf.IN_REVIEW, 1)),  # 初审 → 复审
        ("approve", wf.IN_REVIEW, 3, 1, (wf.IN_REVIEW, 2)),  # 复审 → 终审
        ("approve", wf.IN_REVIEW, 3, 2, (wf.SECRECY_REVIEW, 2)),  # 终审 → 保密审查
        ("approve", wf.IN_REVIEW, 1, 0, (wf.SECRECY_REVIEW, 0)),  # one-step chain
        ("reject", wf.IN_REVIEW, 3, 1, (wf.DRAFT, 0)),  # back to the drafter, new round
        ("secrecy_approve", wf.SECRECY_REVIEW, 3, 2, (wf.APPROVED, 2)),
        ("secrecy_reject", wf.SECRECY_REVIEW, 3, 2, (wf.DRAFT, 0)),
        ("publish", wf.APPROVED, 3, 2, (wf.PUBLISHED, 2)),
        ("schedule", wf.APPROVED, 3, 2, (wf.SCHEDULED, 2)),
        ("publish_due", wf.SCHEDULED, 3, 2, (wf.PUBLISHED, 2)),
        ("unschedule", wf.SCHEDULED, 3, 2, (wf.APPROVED, 2)),
        ("withdraw", wf.PUBLISHED, 3, 2, (wf.WITHDRAWN, 2)),
        ("revise", wf.WITHDRAWN, 3, 2, (wf.DRAFT, 0)),
    ],
)
def test_allowed_transitions(action, state, steps, step, expected):
    transition = wf.transition_for(action, state)
    assert wf.target_state(transition, step=step, steps=steps) == expected


@pytest.mark.parametrize(
    "action,state",
    [
        ("publish", wf.DRAFT),  # nothing skips the review chain
        ("publish", wf.IN_REVIEW),
        ("publish", wf.SECRECY_REVIEW),  # nor 保密审查
        ("schedule", wf.SECRECY_REVIEW),
        ("secrecy_approve", wf.IN_REVIEW),  # 保密审查 comes after every review step
        ("approve", wf.DRAFT),
        ("withdraw", wf.DRAFT),
        ("submit", wf.PUBLISHED),
        ("nonsense", wf.DRAFT),
    ],
)
def test_forbidden_transitions(action, state):
    with pytest.raises(wf.TransitionError):
        wf.transition_for(action, state)


def test_only_a_path_through_secrecy_review_leads_to_published():
    """Every path from draft to published passes through secrecy_review then approved."""
    edges = {}
    for t in wf.TRANSITIONS.values():
        for source in t.sources:
            targets = {t.target}
            if t.action == "approve":
                targets.add(wf.IN_REVIEW)
            edges.setdefault(source, set()).update(targets)
    # Remove 保密审查 and see that published is no longer reachable from draft.
    reachable, frontier = {wf.DRAFT}, [wf.DRAFT]
    while frontier:
        state = frontier.pop()
        for nxt in edges.get(state, ()):
            if nxt != wf.SECRECY_REVIEW and nxt not in reachable:
                reachable.add(nxt)
                frontier.append(nxt)
    assert wf.PUBLISHED not in reachable
    assert wf.APPROVED not in reachable


def test_capabilities_of_each_step():
    assert wf.TRANSITIONS["approve"].capability == Capability.DOCUMENT_REVIEW
    assert wf.TRANSITIONS["secrecy_approve"].capability == Capability.DOCUMENT_SECRECY_REVIEW
    assert wf.TRANSITIONS["publish"].capability == Capability.DOCUMENT_PUBLISH
    assert wf.TRANSITIONS["submit"].capability == Capability.DOCUMENT_DRAFT
    assert {a for a, t in wf.TRANSITIONS.items() if t.needs_reason} == {
        "reject",
        "secrecy_reject",
        "withdraw",
    }


def test_people_never_start_the_system_only_transition():
    assert "publish_due" not in {t.action for t in wf.actions_from(wf.SCHEDULED)}
