"""Two people acting on one case at once: one wins, the other is told, nothing is lost."""

from __future__ import annotations

import threading

import pytest

from django.db import close_old_connections, connection

from gongkai.cases import services as s
from gongkai.cases.models import Application, CaseEvent
from gongkai.cases.outcomes import Decision
from gongkai.core.errors import Conflict


@pytest.mark.django_db(transaction=True)
def test_concurrent_actions_on_one_case(register, people, tree):
    case = register()
    s.application_accept(actor=people["clerk"], case=case)
    s.application_assign(
        actor=people["ogi_head"], case=case, handling_organ=tree["a"], handler=people["handler"]
    )
    s.item_decide(
        actor=people["handler"],
        item=case.items.get(),
        data=s.DecisionData(Decision.DISCLOSE, provided="文件"),
    )
    s.application_submit_for_review(actor=people["handler"], case=case)
    version = Application.objects.get(pk=case.pk).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def act(name, call):
        close_old_connections()
        try:
            barrier.wait()
            call()
            outcomes[name] = "ok"
        except Conflict as exc:
            outcomes[name] = exc.code
        finally:
            connection.close()

    approve = threading.Thread(
        target=act,
        args=(
            "approve",
            lambda: s.application_approve_review(actor=people["head"], case=case, version=version),
        ),
    )
    send_back = threading.Thread(
        target=act,
        args=(
            "return",
            lambda: s.application_return(
                actor=people["head"], case=case, note="请补充依据", version=version
            ),
        ),
    )
    approve.start(), send_back.start()
    approve.join(30), send_back.join(30)
    assert sorted(outcomes.values()) in (["ok", "stale"], ["ok", "transition_not_allowed"]), (
        outcomes
    )
    final = Application.objects.get(pk=case.pk)
    assert final.version == version + 1
    winner = next(k for k, v in outcomes.items() if v == "ok")
    assert final.state == ("signing" if winner == "approve" else "assigned")
    after = CaseEvent.objects.filter(
        application=case, action__in=["approve_review", "return_for_revision"]
    )
    assert after.count() == 1
