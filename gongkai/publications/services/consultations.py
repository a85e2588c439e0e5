"""Public consultation (征求意见) on drafts: open a draft for comments over a period, take comments
from the public (rate-limited, moderated before display), decide on each (采纳 / 部分采纳 / 不采纳,
with reasons) and publish the feedback summary.

Like a catalogue document, a consultation text is cleared by a 保密审查员 before it goes public
(条例 第十七条).
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, GongkaiError, InvalidInput, NotAllowed
from gongkai.core.html import sanitize_html
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can
from gongkai.publications.models import Comment, Consultation, Document

COMMENT_MIN, COMMENT_MAX = 2, 5000
# Per client address: at most this many comments in this many seconds.
COMMENT_RATE = (5, 3600)


class RateLimited(GongkaiError):
    code = "throttled"
    http_status = 429


def _require(actor, capability: Capability, organ_id: int, message: str) -> None:
    if actor is not None and not user_can(actor, capability, organ_id):
        raise NotAllowed(message)


def _audit(actor, action: str, target, organ_id: int, **data) -> None:
    audit_record(actor=actor, action=action, target=target, organ_id=organ_id, data=data)


def _validate_period(opens_on: date | None, closes_on: date | None) -> None:
    errors = {}
    if opens_on is None:
        errors["opens_on"] = ["请填写开始日期"]
    if closes_on is None:
        errors["closes_on"] = ["请填写截止日期"]
    elif opens_on and closes_on < opens_on:
        errors["closes_on"] = ["截止日期不能早于开始日期"]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(messages[0], field=field, errors=errors)


@transaction.atomic
def consultation_create(
    *,
    actor,
    organ: Organ,
    title: str,
    description: str,
    opens_on: date,
    closes_on: date,
    document: Document | None = None,
) -> Consultation:
    _require(actor, Capability.DOCUMENT_DRAFT, organ.pk, "无权为该机关发起征求意见")
    title = (title or "").strip()
    if not title:
        raise InvalidInput("请填写标题", field="title")
    description = sanitize_html(description or "")
    if not description.strip():
        raise InvalidInput("请填写征求意见稿及说明", field="description")
    _validate_period(opens_on, closes_on)
    consultation = Consultation.objects.create(
        organ=organ,
        title=title[:300],
        description=description,
        opens_on=opens_on,
        closes_on=closes_on,
        document=document,
        created_by=actor,
    )
    _audit(actor, "consultation.create", consultation, organ.pk)
    return consultation


@transaction.atomic
def consultation_update(
    *,
    actor,
    consultation: Consultation,
    title: str,
    description: str,
    opens_on: date,
    closes_on: date,
) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require(actor, Capability.DOCUMENT_DRAFT, consultation.organ_id, "无权修改该征求意见")
    title = (title or "").strip()[:300]
    description = sanitize_html(description or "")
    if not title:
        raise InvalidInput("请填写标题", field="title")
    if not description.strip():
        raise InvalidInput("请填写征求意见稿及说明", field="description")
    _validate_period(opens_on, closes_on)
    if consultation.status == Consultation.Status.CONCLUDED:
        raise Conflict("反馈已公布，不能再修改", code="concluded")
    if consultation.status == Consultation.Status.PUBLISHED and (
        (title, description, opens_on)
        != (consultation.title, consultation.description, consultation.opens_on)
        or closes_on < consultation.closes_on
    ):
        raise Conflict("已发布的征求意见只能延长截止日期", code="published")
    consultation.title, consultation.description = title, description
    consultation.opens_on, consultation.closes_on = opens_on, closes_on
    consultation.save()
    _audit(
        actor,
        "consultation.update",
        consultation,
        consultation.organ_id,
        closes_on=closes_on.isoformat(),
    )
    return consultation


@transaction.atomic
def consultation_secrecy_approve(*, actor, consultation: Consultation) -> Consultation:
    """保密审查 of the consultation text before it goes public."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require(
        actor,
        Capability.DOCUMENT_SECRECY_REVIEW,
        consultation.organ_id,
        "只有保密审查员可以进行保密审查",
    )
    if consultation.status != Consultation.Status.DRAFT:
        raise Conflict("该征求意见已发布", code="published")
    if actor is not None and actor.pk == consultation.created_by_id:
        raise NotAllowed("不能审查自己起草的征求意见", code="own_document")
    consultation.secrecy_cleared_by = actor
    consultation.secrecy_cleared_at = timezone.now()
    consultation.save(update_fields=["secrecy_cleared_by", "secrecy_cleared_at", "updated_at"])
    _audit(actor, "consultation.secrecy_approve", consultation, consultation.organ_id)
    return consultation


@transaction.atomic
def consultation_publish(*, actor, consultation: Consultation) -> Consultation:
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require(actor, Capability.DOCUMENT_PUBLISH, consultation.organ_id, "无权发布征求意见")
    if consultation.status != Consultation.Status.DRAFT:
        raise Conflict("该征求意见已发布", code="published")
    if consultation.secrecy_cleared_at is None:
        raise Conflict("征求意见稿须经保密审查后才能发布", code="secrecy_required")
    consultation.status = Consultation.Status.PUBLISHED
    consultation.published_at = timezone.now()
    consultation.save(update_fields=["status", "published_at", "updated_at"])
    _audit(actor, "consultation.publish", consultation, consultation.organ_id)
    return consultation


def client_hash(address: str) -> str:
    """A salted digest of the client's address: enough to rate-limit, not to identify."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:comment:{address}".encode()).hexdigest()


@transaction.atomic
def comment_submit(
    *,
    consultation: Consultation,
    body: str,
    author_name: str = "",
    client: str = "",
    today: date | None = None,
) -> Comment:
    """A comment from the public: accepted only while the consultation is open, at most
    ``COMMENT_RATE`` per client address, and held for moderation (not shown until approved)."""
    today = today or timezone.localdate()
    consultation = Consultation.objects.get(pk=consultation.pk)
    if not consultation.is_open_on(today):
        raise Conflict(gettext("该征求意见不在征求期内，不能提交意见"), code="closed")
    body = (body or "").strip()
    if len(body) < COMMENT_MIN:
        raise InvalidInput(gettext("意见内容至少%(n)s个字") % {"n": COMMENT_MIN}, field="body")
    if len(body) > COMMENT_MAX:
        raise InvalidInput(gettext("意见内容最多%(n)s个字") % {"n": COMMENT_MAX}, field="body")
    author_name = (author_name or "").strip()
    if len(author_name) > 50:
        raise InvalidInput(gettext("署名最多50个字"), field="author_name")
    digest = client_hash(client) if client else ""
    if digest:
        limit, window = COMMENT_RATE
        key = f"gongkai:comment-rate:{digest}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        if count > limit:
            raise RateLimited(gettext("提交过于频繁，请稍后再试"))
    comment = Comment.objects.create(
        consultation=consultation, body=body, author_name=author_name, client_hash=digest
    )
    _audit(None, "comment.submit", comment, consultation.organ_id, consultation=consultation.pk)
    return comment


@transaction.atomic
def comment_moderate(*, actor, comment: Comment, approve: bool, note: str = "") -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .get(pk=comment.pk)
    )
    organ_id = comment.consultation.organ_id
    _require(actor, Capability.DOCUMENT_PUBLISH, organ_id, "无权审核该意见")
    note = (note or "").strip()
    if not approve and not note:
        raise InvalidInput("不予显示须说明理由", field="note")
    if comment.decision:
        raise Conflict("已答复的意见不能再改变审核结果", code="decided")
    comment.moderation = Comment.Moderation.APPROVED if approve else Comment.Moderation.REJECTED
    comment.moderation_note = note[:300]
    comment.moderated_by = actor
    comment.save(update_fields=["moderation", "moderation_note", "moderated_by"])
    _audit(actor, "comment.moderate", comment, organ_id, result=comment.moderation)
    return comment


@transaction.atomic
def comment_decide(
    *, actor, comment: Comment, decision: str, reason: str = "", now: datetime | None = None
) -> Comment:
    """采纳 / 部分采纳 / 不采纳 — partial and non-adoption need reasons."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .get(pk=comment.pk)
    )
    consultation = comment.consultation
    _require(actor, Capability.DOCUMENT_DRAFT, consultation.organ_id, "无权答复该意见")
    if consultation.status == Consultation.Status.CONCLUDED:
        raise Conflict("反馈已公布，不能再修改", code="concluded")
    if comment.moderation != Comment.Moderation.APPROVED:
        raise Conflict("只有审核通过的意见需要答复", code="not_approved")
    if decision not in (c for c, _ in Comment.Decision.choices if c):
        raise InvalidInput(f"未知采纳情况：{decision}", field="decision")
    reason = (reason or "").strip()
    if decision != Comment.Decision.ADOPTED and not reason:
        raise InvalidInput("部分采纳或不采纳须说明理由", field="reason")
    comment.decision, comment.decision_reason = decision, reason
    comment.decided_by, comment.decided_at = actor, now or timezone.now()
    comment.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    _audit(actor, "comment.decide", comment, consultation.organ_id, decision=decision)
    return comment


@transaction.atomic
def consultation_conclude(
    *, actor, consultation: Consultation, summary: str, today: date | None = None
) -> Consultation:
    """Publish the feedback: the summary and every shown comment's adoption decision."""
    today = today or timezone.localdate()
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require(actor, Capability.DOCUMENT_PUBLISH, consultation.organ_id, "无权公布反馈")
    if consultation.status != Consultation.Status.PUBLISHED:
        raise Conflict("只有已发布的征求意见可以公布反馈", code="not_published")
    if today <= consultation.closes_on:
        raise Conflict("征求期尚未结束，不能公布反馈", code="still_open")
    comments = consultation.comments.all()
    if comments.filter(moderation=Comment.Moderation.PENDING).exists():
        raise Conflict("还有未审核的意见", code="pending_comments")
    undecided = comments.filter(moderation=Comment.Moderation.APPROVED, decision="").count()
    if undecided:
        raise Conflict(f"还有 {undecided} 条意见未答复采纳情况", code="undecided_comments")
    summary = sanitize_html(summary or "")
    if not summary.strip():
        raise InvalidInput("请填写意见采纳情况说明", field="summary")
    consultation.feedback_summary = summary
    consultation.status = Consultation.Status.CONCLUDED
    consultation.feedback_published_at = timezone.now()
    consultation.save(
        update_fields=["feedback_summary", "status", "feedback_published_at", "updated_at"]
    )
    _audit(actor, "consultation.conclude", consultation, consultation.organ_id)
    return consultation
