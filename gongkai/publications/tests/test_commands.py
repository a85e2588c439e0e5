"""``gongkai publications publish-due`` and the background task: scheduled publication."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest

from django.core.management import CommandError, call_command

from gongkai.publications.models import Document, State
from gongkai.publications.services.documents import document_transition
from gongkai.publications.tasks import publish_due

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def scheduled(cast, draft, approve):
    document = approve(draft(title="定时发布的通知"))
    return document_transition(
        actor=cast.publisher,
        document=document,
        action="schedule",
        scheduled_at=datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI),
    )


def test_publish_due_command(scheduled):
    out = StringIO()
    call_command("publications", "publish-due", "--now", "2026-11-23T08:59:00+08:00", stdout=out)
    assert "到时发布 0 件" in out.getvalue()
    out = StringIO()
    call_command("publications", "publish-due", "--now", "2026-11-23T09:00:00+08:00", stdout=out)
    assert f"已发布：{scheduled.index_number} 定时发布的通知" in out.getvalue()
    assert Document.objects.get(pk=scheduled.pk).state == State.PUBLISHED


def test_bad_now_is_a_one_line_error(scheduled):
    with pytest.raises(CommandError) as exc:
        call_command("publications", "publish-due", "--now", "tomorrow")
    assert exc.value.returncode == 2 and "--now" in str(exc.value)


def test_unpublishable_scheduled_document_exits_one(cast, draft, approve):
    policy = approve(draft(kind="policy", policy_class="normative"))
    interpretation = approve(draft(kind="interpretation", interprets=policy))
    document_transition(
        actor=cast.publisher,
        document=policy,
        action="schedule",
        scheduled_at=datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI),
    )
    document_transition(actor=cast.handler, document=interpretation, action="revise")
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command(
            "publications", "publish-due", "--now", "2026-11-24T00:00:00+08:00", stderr=err
        )
    assert exc.value.returncode == 1 and "三同步" in err.getvalue()


def test_task_publishes_what_is_due(scheduled, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 9, 30, tzinfo=SHANGHAI))
    result = publish_due.enqueue()
    assert result.return_value == {"published": [scheduled.pk], "problems": []}
