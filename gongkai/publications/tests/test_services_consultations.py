"""征求意见: secrecy-cleared before going public, comments only while open, rate-limited and
moderated, every shown comment answered before the feedback is published."""

from __future__ import annotations

from datetime import date

import pytest

from django.core.cache import cache

from gongkai.core.errors import Conflict, InvalidInput, NotAllowed
from gongkai.publications.models import Comment
from gongkai.publications.services.consultations import (
    COMMENT_RATE,
    RateLimited,
    comment_decide,
    comment_moderate,
    comment_submit,
    consultation_conclude,
    consultation_create,
    consultation_publish,
    consultation_secrecy_approve,
    consultation_update,
)

pytestmark = pytest.mark.django_db
OPENS, CLOSES = date(2026, 11, 1), date(2026, 11, 30)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def consultation(cast):
    return consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="关于《青山区校外培训机构管理办法（征求意见稿）》公开征求意见的公告",
        description="<p>现公开征求意见。</p><script>x</script>",
        opens_on=OPENS,
        closes_on=CLOSES,
    )


@pytest.fixture
def open_consultation(cast, consultation):
    consultation_secrecy_approve(actor=cast.secrecy, consultation=consultation)
    return consultation_publish(actor=cast.publisher, consultation=consultation)


def test_description_is_sanitised_and_the_period_checked(cast, consultation):
    assert "<script" not in consultation.description
    with pytest.raises(InvalidInput) as exc:
        consultation_create(
            actor=cast.handler,
            organ=cast.organ,
            title="倒置",
            description="<p>x</p>",
            opens_on=CLOSES,
            closes_on=OPENS,
        )
    assert exc.value.field == "closes_on"


def test_publication_needs_secrecy_review_by_someone_else(cast, consultation):
    with pytest.raises(Conflict) as exc:
        consultation_publish(actor=cast.publisher, consultation=consultation)
    assert exc.value.code == "secrecy_required"
    with pytest.raises(NotAllowed):
        consultation_secrecy_approve(actor=cast.publisher, consultation=consultation)
    consultation_secrecy_approve(actor=cast.secrecy, consultation=consultation)
    published = consultation_publish(actor=cast.publisher, consultation=consultation)
    assert published.status == "published"


def test_comments_only_while_open(open_consultation):
    with pytest.raises(Conflict):
        comment_submit(
            consultation=open_consultation, body="开始前的意见", today=date(2026, 10, 31)
        )
    with pytest.raises(Conflict):
        comment_submit(consultation=open_consultation, body="截止后的意见", today=date(2026, 12, 1))
    comment = comment_submit(
        consultation=open_consultation, body="建议明确收费标准", today=date(2026, 11, 30)
    )
    assert comment.moderation == "pending"


def test_draft_consultation_takes_no_comments(consultation):
    with pytest.raises(Conflict) as exc:
        comment_submit(consultation=consultation, body="尚未发布的意见", today=OPENS)
    assert exc.value.code == "closed"


def test_rate_limit_per_client(open_consultation):
    limit, _ = COMMENT_RATE
    for n in range(limit):
        comment_submit(
            consultation=open_consultation, body=f"第{n}条意见内容", client="10.0.0.1", today=OPENS
        )
    with pytest.raises(RateLimited):
        comment_submit(
            consultation=open_consultation, body="再多一条意见", client="10.0.0.1", today=OPENS
        )
    comment_submit(
        consultation=open_consultation, body="另一位公众", client="10.0.0.2", today=OPENS
    )
    stored = Comment.objects.first()
    assert stored.client_hash and "10.0.0.1" not in stored.client_hash


def test_moderation_decisions_and_feedback(cast, open_consultation):
    good = comment_submit(consultation=open_consultation, body="建议延长征求期", today=OPENS)
    spam = comment_submit(consultation=open_consultation, body="代办证件请联系", today=OPENS)
    with pytest.raises(InvalidInput):
        comment_moderate(actor=cast.publisher, comment=spam, approve=False)  # needs a reason
    comment_moderate(actor=cast.publisher, comment=spam, approve=False, note="广告")
    with pytest.raises(Conflict):  # a hidden comment gets no decision
        comment_decide(actor=cast.handler, comment=spam, decision="adopted")
    with pytest.raises(Conflict) as exc:  # still pending
        consultation_conclude(
            actor=cast.publisher,
            consultation=open_consultation,
            summary="<p>总结</p>",
            today=date(2026, 12, 2),
        )
    comment_moderate(actor=cast.publisher, comment=good, approve=True)
    with pytest.raises(InvalidInput) as exc:
        comment_decide(actor=cast.handler, comment=good, decision="not_adopted")
    assert exc.value.field == "reason"
    with pytest.raises(Conflict) as exc:
        consultation_conclude(
            actor=cast.publisher,
            consultation=open_consultation,
            summary="<p>总结</p>",
            today=date(2026, 12, 2),
        )
    assert exc.value.code == "undecided_comments"
    comment_decide(
        actor=cast.handler, comment=good, decision="partly", reason="征求期已满30日，不再延长"
    )
    with pytest.raises(Conflict) as exc:
        consultation_conclude(
            actor=cast.publisher,
            consultation=open_consultation,
            summary="<p>总结</p>",
            today=CLOSES,
        )
    assert exc.value.code == "still_open"
    concluded = consultation_conclude(
        actor=cast.publisher,
        consultation=open_consultation,
        summary="<p>收到意见1条，部分采纳1条。</p>",
        today=date(2026, 12, 2),
    )
    assert concluded.status == "concluded" and concluded.feedback_published_at
    with pytest.raises(Conflict):
        comment_decide(actor=cast.handler, comment=good, decision="adopted")


def test_published_consultation_may_only_be_extended(cast, open_consultation):
    extended = consultation_update(
        actor=cast.handler,
        consultation=open_consultation,
        title=open_consultation.title,
        description=open_consultation.description,
        opens_on=OPENS,
        closes_on=date(2026, 12, 15),
    )
    assert extended.closes_on == date(2026, 12, 15)
    with pytest.raises(Conflict):
        consultation_update(
            actor=cast.handler,
            consultation=open_consultation,
            title="改了标题",
            description=open_consultation.description,
            opens_on=OPENS,
            closes_on=date(2026, 12, 15),
        )
