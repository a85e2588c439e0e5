"""Writes to documents: drafting, the review workflow (先审后发), scheduled publication,
withdrawal, validity (有效性) and attachments.

Every change locks the row, checks the actor's capability in the document's organ, saves, writes a
:class:`DocumentEvent` (the timeline) and an audit event in the same transaction, and tells the
search hook (``publications.indexing``) when the public catalogue changes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date, datetime

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.calendars.deadlines import add_months
from gongkai.calendars.services import deadline_close, deadline_track, deadline_update
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, InvalidInput, NotAllowed
from gongkai.core.html import sanitize_html
from gongkai.core.uploads import store_upload
from gongkai.orgs.models import Membership, Organ
from gongkai.orgs.roles import Capability, Role, Scope
from gongkai.orgs.selectors import user_can
from gongkai.publications import index_numbers, indexing, workflow
from gongkai.publications.models import (
    Attachment,
    Category,
    Disclosure,
    Document,
    DocumentEvent,
    DocumentTopic,
    Genre,
    IndexCounter,
    Kind,
    PolicyClass,
    PublicationSettings,
    State,
    TopicColumn,
    Validity,
    ValidityRecord,
)
from gongkai.publications.models.config import DEFAULT_INDEX_PATTERN

# 三审: the chain used by an organ that has not configured its own (spec: "三审三校").
DEFAULT_REVIEW_CHAIN = (("初审", ""), ("复审", ""), ("终审", ""))
DEFAULT_EVALUATION_MONTHS = 12

EDITABLE_FIELDS = (
    "title",
    "kind",
    "policy_class",
    "genre",
    "doc_number",
    "category",
    "art20_item",
    "keywords",
    "summary",
    "body",
    "formed_on",
    "disclosure",
    "disclosure_reason",
    "publisher_name",
    "interprets",
)
SUMMARY_MAX = 500
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


# --- helpers -------------------------------------------------------------------------------------


def _require(actor, capability: Capability, organ: Organ | int, message: str = "") -> None:
    """``actor=None`` is the system (CLI, demo, scheduled publication)."""
    if actor is None:
        return
    if not user_can(actor, capability, organ):
        raise NotAllowed(message or "无权对该机关的文件执行此操作")


def body_to_html(body: str) -> str:
    """Sanitised rich text: HTML is cleaned (nh3 allow-list); plain text becomes paragraphs."""
    body = (body or "").strip()
    if not body:
        return ""
    if _HTML_TAG.search(body):
        return sanitize_html(body)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\r?\n", body) if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def organ_settings(organ: Organ) -> PublicationSettings:
    """The organ's settings row, or unsaved defaults."""
    found = PublicationSettings.objects.filter(organ=organ).first()
    return found or PublicationSettings(organ=organ)


def review_chain_for(organ: Organ) -> list[dict]:
    """The organ's configured review chain, or the default 初审 → 复审 → 终审."""
    steps = list(
        PublicationSettings.objects.filter(organ=organ)
        .values_list("steps__name", "steps__role")
        .order_by("steps__position")
    )
    steps = [(name, role or "") for name, role in steps if name]
    return [
        {"name": name, "role": role, "signed_by": None, "signer": "", "signed_at": None}
        for name, role in (steps or DEFAULT_REVIEW_CHAIN)
    ]


def user_holds_role(user, role: str, organ: Organ) -> bool:
    """Does ``user`` hold ``role`` in ``organ`` (directly, or over it with subtree scope)?"""
    if user.is_superuser:
        return True
    ancestors = [int(p) for p in organ.path.strip("/").split("/") if p]
    return (
        Membership.objects.filter(user=user, role=role, organ__is_active=True)
        .filter(Q(organ=organ) | Q(scope=Scope.SUBTREE, organ_id__in=ancestors))
        .exists()
    )


def _event(
    document: Document, *, actor, action: str, before: str = "", at=None, **extra
) -> DocumentEvent:
    return DocumentEvent.objects.create(
        created_at=at or timezone.now(),
        document=document,
        actor=actor,
        action=action,
        from_state=before,
        to_state=document.state,
        step=extra.get("step", ""),
        note=extra.get("note", ""),
        data=extra.get("data", {}),
    )


def _audit(actor, action: str, document: Document, **data) -> None:
    audit_record(actor=actor, action=action, target=document, organ_id=document.organ_id, data=data)


def _validate(document: Document, topics: list[TopicColumn] | None) -> None:
    """Field rules of the catalogue metadata (spec §5). All problems at once, by field."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not document.title.strip():
        add("title", "请填写名称")
    elif len(document.title) > 300:
        add("title", "名称最多300个字符")
    if document.kind not in Kind.values:
        add("kind", f"未知类型：{document.kind}")
    if document.genre not in Genre.values:
        add("genre", f"未知体裁：{document.genre}")
    if document.policy_class not in PolicyClass.values:
        add("policy_class", f"未知文件类别：{document.policy_class}")
    elif document.policy_class and document.kind != Kind.POLICY:
        add("policy_class", "只有政策文件才有文件类别（规章、行政规范性文件）")
    if document.disclosure not in Disclosure.values:
        add("disclosure", f"未知公开属性：{document.disclosure}")
    elif document.disclosure != Disclosure.PROACTIVE and not document.disclosure_reason.strip():
        label = Disclosure(document.disclosure).label
        add("disclosure_reason", f"公开属性为“{label}”时须书面说明理由")
    if len(document.summary) > SUMMARY_MAX:
        add("summary", f"内容概述最多{SUMMARY_MAX}个字符")
    if len(document.doc_number) > 100:
        add("doc_number", "文号最多100个字符")
    if len(document.keywords) > 200:
        add("keywords", "主题词最多200个字符")
    if document.art20_item is not None and not 1 <= document.art20_item <= 15:
        add("art20_item", "条例第二十条只有第（一）至（十五）项")
    if document.formed_on and document.formed_on > timezone.localdate():
        add("formed_on", "成文日期不能晚于今天")
    if document.category_id and not document.category.is_active:
        add("category", "该主题分类已停用")
    if document.interprets_id:
        target = document.interprets
        if document.kind != Kind.INTERPRETATION:
            add("interprets", "只有政策解读可以关联被解读的文件")
        elif target.pk == document.pk or target.kind == Kind.INTERPRETATION:
            add("interprets", "被解读的文件须是政策文件，不能是解读本身")
    if topics is not None and any(not t.is_active for t in topics):
        add("topics", "所选专题专栏已停用")
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(messages[0], field=field, errors=errors)


def _apply_fields(document: Document, fields: dict) -> list[str]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}")
    changed = []
    for key, value in fields.items():
        if key == "body":
            value = body_to_html(value or "")
        elif key in ("title", "doc_number", "keywords", "summary", "publisher_name") or key in (
            "disclosure_reason",
        ):
            value = (value or "").strip()
        elif key in ("policy_class",):
            value = value or ""
        if getattr(document, key) != value:
            setattr(document, key, value)
            changed.append(key)
    if "category" in changed or (document.category_id and not document.category_root_id):
        document.category_root = category_root(document.category)
    if document.needs_interpretation and document.art20_item is None:
        document.art20_item = 1  # 第二十条第（一）项: 规章和规范性文件
    if not document.publisher_name:
        document.publisher_name = document.organ.name
    return changed


def category_root(category: Category | None) -> Category | None:
    """The top-level node above ``category`` (itself when it is one)."""
    if category is None or category.parent_id is None:
        return category
    code = category.path.strip("/").split("/")[0]
    return Category.objects.get(code=code)


def _sync_topic_links(document: Document) -> None:
    """Keep the 专题专栏 links' copies of state and publication date in step."""
    DocumentTopic.objects.filter(document=document).exclude(
        state=document.state, published_on=document.published_on
    ).update(state=document.state, published_on=document.published_on)


def _set_topics(document: Document, topics: list[TopicColumn]) -> None:
    document.topics.set(
        topics,
        through_defaults={"state": document.state, "published_on": document.published_on},
    )


def _check_links(actor, document: Document) -> None:
    if document.interprets_id and actor is not None:
        _require(
            actor,
            Capability.DOCUMENT_VIEW,
            document.interprets.organ_id,
            "无权查看被解读的文件",
        )


def _sync_deadline(document: Document) -> None:
    """第二十六条: 20 working days from formation, tracked while a 主动公开 document is not yet
    published; closed on publication or when the document is no longer 主动公开."""
    should_track = (
        document.disclosure == Disclosure.PROACTIVE
        and document.formed_on is not None
        and document.state not in (State.PUBLISHED, State.WITHDRAWN)
    )
    deadline = document.deadline
    if should_track and deadline is None:
        document.deadline = deadline_track(
            rule="proactive",
            start=document.formed_on,
            jurisdiction=document.organ.jurisdiction,
            trigger="成文日期",
            label=f"主动公开：{document.title}"[:200],
            subject=document,
        )
        Document.objects.filter(pk=document.pk).update(deadline=document.deadline)
    elif should_track and deadline is not None:
        if not deadline.is_open or deadline.start != document.formed_on:
            deadline_update(deadline=deadline, start=document.formed_on, reason="成文日期变更")
            if not deadline.is_open:
                type(deadline).objects.filter(pk=deadline.pk).update(is_open=True)
    elif deadline is not None and deadline.is_open:
        deadline_close(deadline=deadline)


# --- drafting --------------------------------------------------------------------------------------


@transaction.atomic
def document_create(
    *,
    actor,
    organ: Organ,
    title: str,
    topics: Iterable[TopicColumn] | None = None,
    **fields,
) -> Document:
    """A new draft (草稿). Its 公开属性 is decided now and approved with it (spec §5)."""
    _require(actor, Capability.DOCUMENT_DRAFT, organ, f"无权在“{organ.short_name}”起草文件")
    document = Document(organ=organ, created_by=actor)
    _apply_fields(document, {"title": title, **fields})
    topic_list = list(topics) if topics is not None else None
    _validate(document, topic_list)
    _check_links(actor, document)
    document.save()
    if topic_list:
        _set_topics(document, topic_list)
    _sync_deadline(document)
    _event(document, actor=actor, action="created")
    _audit(actor, "document.create", document, kind=document.kind)
    return document


@transaction.atomic
def document_update(
    *, actor, document: Document, topics: Iterable[TopicColumn] | None = None, **fields
) -> Document:
    """Edit a draft. Anything past the draft goes back through review (``revise``) first."""
    document = (
        Document.objects.select_for_update(of=("self",)).select_related("organ").get(pk=document.pk)
    )
    _require(actor, Capability.DOCUMENT_DRAFT, document.organ)
    if document.state not in workflow.EDITABLE_STATES:
        raise Conflict("只有草稿可以修改；已提交或已审定的文件须先退回或重新修改", code="not_draft")
    changed = _apply_fields(document, fields)
    topic_list = list(topics) if topics is not None else None
    _validate(document, topic_list)
    _check_links(actor, document)
    document.save()
    if topic_list is not None and set(topic_list) != set(document.topics.all()):
        _set_topics(document, topic_list)
        changed.append("topics")
    _sync_deadline(document)
    if changed:
        _event(document, actor=actor, action="updated", data={"fields": changed})
        _audit(actor, "document.update", document, fields=changed)
    return document


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    """Delete a draft that never received a 索引号 (numbered documents are withdrawn instead)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require(actor, Capability.DOCUMENT_DRAFT, document.organ_id)
    if document.state != State.DRAFT or document.index_number:
        raise Conflict("只能删除未编号的草稿；已编号的文件请撤回", code="not_deletable")
    if document.interpretations.exists():
        raise Conflict("该文件已有政策解读关联，不能删除", code="not_deletable")
    if document.deadline_id:
        deadline_close(deadline=document.deadline)
    _audit(actor, "document.delete", document, title=document.title)
    document.delete()


@transaction.atomic
def attachment_add(*, actor, document: Document, data: bytes, filename: str) -> Attachment:
    """Attach a PDF, DOCX, XLSX or image (type sniffed from the content) to a draft."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require(actor, Capability.DOCUMENT_DRAFT, document.organ_id)
    if document.state != State.DRAFT:
        raise Conflict("只有草稿可以添加附件（附件随文件一并审核）", code="not_draft")
    stored = store_upload(data=data, filename=filename, folder=f"publications/{document.organ_id}")
    attachment = Attachment.objects.create(
        document=document,
        file=stored.name,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
    )
    _event(document, actor=actor, action="attachment_added", data={"name": stored.original_name})
    _audit(actor, "document.attachment_add", document, sha256=stored.sha256)
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    document = Document.objects.select_for_update().get(pk=attachment.document_id)
    _require(actor, Capability.DOCUMENT_DRAFT, document.organ_id)
    if document.state != State.DRAFT:
        raise Conflict("只有草稿可以删除附件", code="not_draft")
    name = attachment.original_name
    attachment.delete()
    _event(document, actor=actor, action="attachment_removed", data={"name": name})
    _audit(actor, "document.attachment_remove", document)


# --- 索引号 ----------------------------------------------------------------------------------------


def index_number_issue(
    *, organ: Organ, on: date, category: Category | None, pattern: str | None = None
) -> str:
    """Issue the next 索引号 of ``organ`` for ``on``'s year. The per-organ, per-year counter is
    locked and only ever incremented, so a number is never issued twice (even after withdrawal)."""
    with transaction.atomic(savepoint=False):  # errors roll back with the caller's block
        seq = _counter_next(organ, on.year)
        pattern = pattern or organ_settings(organ).index_pattern or DEFAULT_INDEX_PATTERN
        while True:
            number = index_numbers.render(
                pattern,
                index_numbers.IndexTokens(
                    credit_code=organ.credit_code or "",
                    organ_code=organ.code,
                    division_code=organ.division_code,
                    year=on.year,
                    month=on.month,
                    category=category.code if category else "",
                    seq=seq,
                ),
            )
            # A changed pattern could render a number issued under the old one: skip it.
            if not Document.objects.filter(index_number=number).exists():
                break
            seq = _counter_next(organ, on.year)
    return number


def _counter_next(organ: Organ, year: int) -> int:
    """Increment and read the counter in one statement (the row stays locked until commit)."""
    table, last = (connection.ops.quote_name(n) for n in (IndexCounter._meta.db_table, "last"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {last} = {last} + 1 WHERE organ_id = %s AND year = %s "
            f"RETURNING {last}",
            [organ.pk, year],
        )
        row = cursor.fetchone()
    if row is not None:
        return row[0]
    try:
        with transaction.atomic():
            IndexCounter.objects.create(organ=organ, year=year, last=1)
        return 1
    except IntegrityError:  # created concurrently: now it exists
        return _counter_next(organ, year)


# --- the workflow ----------------------------------------------------------------------------------


def _round_signers(document: Document) -> set[int]:
    return {s["signed_by"] for s in document.review_chain if s.get("signed_by")}


def _check_reviewer(actor, document: Document, transition: workflow.Transition) -> None:
    """Nobody reviews their own draft, and nobody signs twice in one round (三审 = 3 people)."""
    if actor is None:
        return
    submitter = (
        document.events.filter(action="submit").order_by("-id").values_list("actor_id", flat=True)
    ).first()
    if actor.pk in (document.created_by_id, submitter):
        raise NotAllowed("不能审核自己起草或提交的文件", code="own_document")
    if actor.pk in _round_signers(document):
        raise NotAllowed("同一轮审核中，每个环节须由不同的人审核", code="already_signed")
    if transition.action in ("approve", "reject"):
        step = document.review_chain[document.review_step]
        if step.get("role") and not user_holds_role(actor, step["role"], document.organ):
            raise NotAllowed(
                f"“{step['name']}”须由{Role(step['role']).label}审核", code="wrong_role"
            )


def _interpretation_ready(document: Document) -> bool:
    states = set(document.interpretations.values_list("state", flat=True))  # the FK index
    return bool(states & {State.APPROVED, State.SCHEDULED, State.PUBLISHED})


def _check_publishable(document: Document) -> None:
    """Rules checked when a document is published or scheduled."""
    if document.disclosure != Disclosure.PROACTIVE:
        raise Conflict(
            f"公开属性为“{document.get_disclosure_display()}”的文件不能发布到政府信息公开目录",
            code="not_proactive",
        )
    if (
        document.needs_interpretation
        and organ_settings(document.organ).require_interpretation
        and not _interpretation_ready(document)
    ):
        raise Conflict(
            f"《{document.title}》是{document.get_policy_class_display()}，须与政策解读同步发布"
            "（三同步）：请先完成其政策解读的审核（审核通过并经保密审查）后再发布。",
            code="interpretation_required",
        )
    policy = document.interprets
    if policy is not None and policy.state != State.PUBLISHED:
        raise Conflict(
            f"所解读的《{policy.title}》尚未发布：政策解读随文件同步发布，请发布该文件。",
            code="policy_not_published",
        )


def _publish(document: Document, *, now: datetime) -> None:
    document.published_at = now
    document.published_on = timezone.localdate(now)
    document.scheduled_at = None
    if document.validity == Validity.VALID and document.next_evaluation_on is None:
        months = organ_settings(document.organ).evaluation_months or DEFAULT_EVALUATION_MONTHS
        document.next_evaluation_on = add_months(document.published_on, months)


@transaction.atomic
def document_transition(
    *,
    actor,
    document: Document,
    action: str,
    reason: str = "",
    scheduled_at: datetime | None = None,
    now: datetime | None = None,
) -> Document:
    """Apply one workflow action (see ``publications.workflow``)."""
    now = now or timezone.now()
    document = (
        Document.objects.select_for_update(of=("self",))
        .select_related("organ", "interprets", "category")
        .get(pk=document.pk)
    )
    try:
        transition = workflow.transition_for(action, document.state)
    except workflow.TransitionError as exc:
        raise Conflict(str(exc), code="invalid_transition") from None
    _require(
        actor,
        transition.capability,
        document.organ,
        f"无权执行“{transition.label}”（{document.organ.short_name}）",
    )
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise InvalidInput(f"“{transition.label}”须填写理由", field="reason")
    if transition.reviews:
        _check_reviewer(actor, document, transition)

    before, step_name = document.state, ""
    fields = ["state", "review_step", "review_chain", "updated_at"]
    published_with: list[Document] = []
    if action == "submit":
        _check_submittable(document)
        document.review_chain = review_chain_for(document.organ)
    elif action == "approve":
        step = document.review_chain[document.review_step]
        step_name = step["name"]
        step.update(
            signed_by=actor.pk if actor else None,
            signer=str(actor) if actor else "系统",
            signed_at=now.isoformat(),
        )
    elif action == "reject":
        step_name = document.review_chain[document.review_step]["name"]
    elif action in ("secrecy_approve", "secrecy_reject"):
        step_name = "保密审查"
        if action == "secrecy_approve" and not document.index_number:
            document.index_number = index_number_issue(
                organ=document.organ, on=timezone.localdate(now), category=document.category
            )
            fields.append("index_number")
    elif action in ("publish", "publish_due"):
        _check_publishable(document)
        _publish(document, now=now)
        fields += ["published_at", "published_on", "scheduled_at", "next_evaluation_on"]
    elif action == "schedule":
        if scheduled_at is None or scheduled_at <= now:
            raise InvalidInput("定时发布时间须晚于当前时间", field="scheduled_at")
        _check_publishable(document)
        document.scheduled_at = scheduled_at
        fields.append("scheduled_at")
    elif action == "unschedule":
        document.scheduled_at = None
        fields.append("scheduled_at")
    elif action == "withdraw":
        document.withdrawn_reason = reason
        document.scheduled_at = None
        fields += ["withdrawn_reason", "scheduled_at"]

    document.state, document.review_step = workflow.target_state(
        transition, step=document.review_step, steps=len(document.review_chain)
    )
    if document.state == State.DRAFT:
        for step in document.review_chain:  # a rejection starts a new round
            step.update(signed_by=None, signer="", signed_at=None)
    document.save(update_fields=fields)
    _sync_topic_links(document)
    _event(document, actor=actor, action=action, before=before, at=now, step=step_name, note=reason)
    _audit(
        actor,
        f"document.{action}",
        document,
        state=document.state,
        step=step_name,
        index_number=document.index_number or "",
    )
    if document.state == State.PUBLISHED:
        if document.deadline_id:
            deadline_close(deadline=document.deadline)
        published_with = _publish_interpretations(actor, document, now=now)
    if before == State.PUBLISHED or document.state == State.PUBLISHED:
        indexing.document_changed(document)
    for interpretation in published_with:
        indexing.document_changed(interpretation)
    return document


def _check_submittable(document: Document) -> None:
    """What a draft needs before anyone reviews it (the catalogue's statutory minimum, 条例
    第十二条: 名称, 内容概述, 生成日期)."""
    errors: dict[str, list[str]] = {}
    if not document.body and not document.attachments.exists():
        errors["body"] = ["请填写正文或上传附件"]
    if document.formed_on is None:
        errors["formed_on"] = ["请填写成文日期"]
    if document.category_id is None:
        errors["category"] = ["请选择主题分类"]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput("提交审核前须补全：" + messages[0], field=field, errors=errors)


def _publish_interpretations(actor, policy: Document, *, now: datetime) -> list[Document]:
    """同步发布: a policy's approved interpretations go out with it."""
    published = []
    waiting = policy.interpretations.select_for_update().filter(state=State.APPROVED)
    for interpretation in waiting:
        if actor is not None and not user_can(
            actor, Capability.DOCUMENT_PUBLISH, interpretation.organ_id
        ):
            continue
        if interpretation.disclosure != Disclosure.PROACTIVE:
            continue
        before = interpretation.state
        interpretation.state = State.PUBLISHED
        _publish(interpretation, now=now)
        interpretation.save(
            update_fields=[
                "state",
                "published_at",
                "published_on",
                "scheduled_at",
                "next_evaluation_on",
                "updated_at",
            ]
        )
        _sync_topic_links(interpretation)
        _event(
            interpretation,
            actor=actor,
            action="publish",
            before=before,
            at=now,
            note=f"与《{policy.title}》同步发布",
        )
        _audit(actor, "document.publish", interpretation, with_policy=policy.pk)
        if interpretation.deadline_id:
            deadline_close(deadline=interpretation.deadline)
        published.append(interpretation)
    return published


def documents_publish_due(*, now: datetime | None = None) -> tuple[list[Document], list[str]]:
    """Publish every scheduled document whose time has come (cron: ``gongkai publications
    publish-due``; task: ``publications.tasks.publish_due``). Returns (published, problems);
    a document that can no longer be published stays scheduled and is reported."""
    now = now or timezone.now()
    published, problems = [], []
    due = Document.objects.filter(state=State.SCHEDULED, scheduled_at__lte=now).order_by(
        "scheduled_at", "pk"
    )
    for document in due:
        try:
            published.append(
                document_transition(actor=None, document=document, action="publish_due", now=now)
            )
        except (Conflict, InvalidInput) as exc:
            problems.append(f"《{document.title}》未能发布：{exc.message}")
    return published, problems


# --- 有效性 ----------------------------------------------------------------------------------------


@transaction.atomic
def document_set_validity(
    *,
    actor,
    document: Document,
    validity: str,
    effective_on: date,
    replaced_by: Document | None = None,
    note: str = "",
) -> Document:
    """Mark a document 失效 or 废止 (or correct it back to 有效). The published original shows
    the status, the date and the replacing document; the history is kept (spec §5, S17)."""
    document = (
        Document.objects.select_for_update(of=("self",)).select_related("organ").get(pk=document.pk)
    )
    _require(actor, Capability.DOCUMENT_PUBLISH, document.organ)
    if validity not in Validity.values:
        raise InvalidInput(f"未知有效性：{validity}", field="validity")
    if document.state in (State.DRAFT, State.IN_REVIEW, State.SECRECY_REVIEW):
        raise Conflict("文件尚未审定，不能标注有效性", code="not_approved")
    if effective_on is None:
        raise InvalidInput("请填写生效日期", field="effective_on")
    if replaced_by is not None:
        if replaced_by.pk == document.pk:
            raise InvalidInput("替代文件不能是文件本身", field="replaced_by")
        if replaced_by.state != State.PUBLISHED:
            raise InvalidInput("替代文件须是已发布的文件", field="replaced_by")
        if validity == Validity.VALID:
            raise InvalidInput("有效的文件没有替代文件", field="replaced_by")
    if validity == document.validity and replaced_by == document.replaced_by:
        raise Conflict("有效性没有变化", code="unchanged")
    old = document.validity
    document.validity = validity
    document.validity_changed_on = effective_on if validity != Validity.VALID else None
    document.replaced_by = replaced_by
    if validity == Validity.VALID:
        months = organ_settings(document.organ).evaluation_months or DEFAULT_EVALUATION_MONTHS
        document.next_evaluation_on = add_months(timezone.localdate(), months)
    else:
        document.next_evaluation_on = None
    document.save(
        update_fields=[
            "validity",
            "validity_changed_on",
            "replaced_by",
            "next_evaluation_on",
            "updated_at",
        ]
    )
    ValidityRecord.objects.create(
        document=document,
        actor=actor,
        old_validity=old,
        new_validity=validity,
        effective_on=effective_on,
        replaced_by=replaced_by,
        note=note.strip(),
    )
    _event(
        document,
        actor=actor,
        action="validity",
        before=document.state,
        note=note.strip(),
        data={"from": old, "to": validity, "on": effective_on.isoformat()},
    )
    _audit(actor, "document.validity", document, old=old, new=validity, on=effective_on)
    if document.state == State.PUBLISHED:
        indexing.document_changed(document)
    return document


@transaction.atomic
def document_evaluate(*, actor, document: Document, note: str = "", on: date | None = None):
    """A periodic 有效性评估 that found the document still valid: recorded, next one scheduled."""
    document = (
        Document.objects.select_for_update(of=("self",)).select_related("organ").get(pk=document.pk)
    )
    _require(actor, Capability.DOCUMENT_PUBLISH, document.organ)
    if document.validity != Validity.VALID:
        raise Conflict("只有有效的文件需要定期评估", code="not_valid")
    if document.state != State.PUBLISHED:
        raise Conflict("只有已发布的文件需要定期评估", code="not_published")
    on = on or timezone.localdate()
    months = organ_settings(document.organ).evaluation_months or DEFAULT_EVALUATION_MONTHS
    document.next_evaluation_on = add_months(on, months)
    document.save(update_fields=["next_evaluation_on", "updated_at"])
    ValidityRecord.objects.create(
        document=document,
        actor=actor,
        old_validity=Validity.VALID,
        new_validity=Validity.VALID,
        effective_on=on,
        note=note.strip() or "定期评估：继续有效",
    )
    _event(document, actor=actor, action="evaluated", before=document.state, note=note.strip())
    _audit(actor, "document.evaluate", document, next=document.next_evaluation_on)
    return document
