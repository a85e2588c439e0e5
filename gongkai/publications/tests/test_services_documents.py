"""Document services: drafting rules, 先审后发 (review chain + 保密审查), 三同步, 索引号, scheduled
publication, withdrawal, validity, the 第二十六条 deadline — each rule through the services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from gongkai.calendars.models import TrackedDeadline
from gongkai.core.errors import Conflict, InvalidInput, NotAllowed
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.publications.models import (
    Document,
    DocumentEvent,
    IndexCounter,
    State,
    Validity,
    ValidityRecord,
)
from gongkai.publications.services.config import publication_settings_save
from gongkai.publications.services.documents import (
    attachment_add,
    document_create,
    document_delete,
    document_evaluate,
    document_set_validity,
    document_transition,
    document_update,
    documents_publish_due,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def act(actor, document, action, **kwargs):
    return document_transition(actor=actor, document=document, action=action, **kwargs)


# --- drafting ------------------------------------------------------------------------------------


def test_withheld_and_on_request_need_written_reasons(draft):
    with pytest.raises(InvalidInput) as exc:
        draft(disclosure="withheld")
    assert exc.value.field == "disclosure_reason"
    assert "不予公开" in exc.value.message
    with pytest.raises(InvalidInput) as exc:
        draft(disclosure="on_request", disclosure_reason="  ")
    assert exc.value.field == "disclosure_reason"
    document = draft(disclosure="withheld", disclosure_reason="属于内部事务信息（第十六条）")
    assert document.disclosure == "withheld"


def test_every_field_problem_is_reported_at_once(draft):
    with pytest.raises(InvalidInput) as exc:
        draft(title=" ", policy_class="normative", kind="notice", formed_on=date(2099, 1, 1))
    assert set(exc.value.errors) == {"title", "policy_class", "formed_on"}


def test_body_is_sanitised_and_plain_text_becomes_paragraphs(draft):
    html = draft(
        body='<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x">链</a>'
    )
    assert "<script" not in html.body and "onclick" not in html.body
    assert "javascript:" not in html.body and "<p>正文</p>" in html.body


def test_plain_text_body_is_escaped(draft):
    document = draft(body="第一段\n第二段 a < b")
    assert document.body == "<p>第一段</p><p>第二段 a &lt; b</p>"


def test_only_drafters_of_the_organ_draft(tree, cast, make_staff, category):
    other = make_staff(tree["b"], Role.HANDLER)
    with pytest.raises(NotAllowed):
        document_create(actor=other, organ=cast.organ, title="越权起草", category=category)
    with pytest.raises(NotAllowed):
        document_create(actor=cast.secrecy, organ=cast.organ, title="保密员不起草")


def test_publisher_name_defaults_to_the_organ(draft, cast):
    assert draft().publisher_name == "江州市青山区教育局"
    assert draft(publisher_name="区教育局（区语委）").publisher_name == "区教育局（区语委）"


def test_only_drafts_can_be_edited(draft, approve, cast):
    document = approve(draft())
    with pytest.raises(Conflict) as exc:
        document_update(actor=cast.handler, document=document, title="改标题")
    assert exc.value.code == "not_draft"


def test_attachments_are_sniffed_and_only_added_to_drafts(draft, approve, cast, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = draft()
    attachment = attachment_add(
        actor=cast.handler, document=document, data=PDF, filename="附件.pdf"
    )
    assert attachment.content_type == "application/pdf" and attachment.original_name == "附件.pdf"
    with pytest.raises(InvalidInput) as exc:
        attachment_add(actor=cast.handler, document=document, data=PDF, filename="附件.docx")
    assert exc.value.code == "file_disguised"
    approve(document)
    with pytest.raises(Conflict):
        attachment_add(actor=cast.handler, document=document, data=PDF, filename="后补.pdf")


def test_delete_only_unnumbered_drafts(draft, approve, cast):
    document = draft()
    document_delete(actor=cast.handler, document=document)
    assert not Document.objects.filter(pk=document.pk).exists()
    numbered = approve(draft())
    act(cast.handler, numbered, "revise")
    with pytest.raises(Conflict):
        document_delete(actor=cast.handler, document=numbered)


# --- 先审后发 --------------------------------------------------------------------------------------


def test_the_full_chain_then_publication(draft, cast):
    document = draft()
    document = act(cast.handler, document, "submit")
    assert [s["name"] for s in document.review_chain] == ["初审", "复审", "终审"]
    document = act(cast.head, document, "approve")
    assert (document.state, document.review_step) == (State.IN_REVIEW, 1)
    document = act(cast.leader, document, "approve")
    document = act(cast.ogi_head, document, "approve")
    assert document.state == State.SECRECY_REVIEW and document.index_number is None
    document = act(cast.secrecy, document, "secrecy_approve")
    assert document.state == State.APPROVED
    assert document.index_number == f"{cast.organ.credit_code}/2026-00001"
    document = act(cast.publisher, document, "publish")
    assert document.state == State.PUBLISHED and document.published_on is not None
    assert [e.action for e in document.events.order_by("id")] == [
        "created",
        "submit",
        "approve",
        "approve",
        "approve",
        "secrecy_approve",
        "publish",
    ]
    assert [s["signer"] for s in document.review_chain] == ["a_head", "a_leader", "gkb_head"]
    actions = set(
        AuditEvent.objects.filter(target_id=str(document.pk)).values_list("action", flat=True)
    )
    assert {"document.submit", "document.approve", "document.secrecy_approve"} <= actions
    assert "document.publish" in actions


@pytest.mark.parametrize("stop", ["draft", "in_review", "secrecy_review"])
def test_nothing_is_published_before_the_chain_and_secrecy_review(draft, cast, stop):
    document = draft()
    if stop != "draft":
        document = act(cast.handler, document, "submit")
    if stop == "secrecy_review":
        for reviewer in cast.reviewers:
            document = act(reviewer, document, "approve")
    for action in ("publish", "schedule"):
        with pytest.raises(Conflict) as exc:
            act(
                cast.publisher,
                document,
                action,
                scheduled_at=datetime(2030, 1, 1, tzinfo=SHANGHAI),
            )
        assert exc.value.code == "invalid_transition"
    assert Document.objects.get(pk=document.pk).state == stop


def test_nobody_reviews_their_own_draft(draft, cast):
    document = draft(actor=cast.head)  # a section head may draft too
    document = act(cast.head, document, "submit")
    with pytest.raises(NotAllowed) as exc:
        act(cast.head, document, "approve")
    assert exc.value.code == "own_document"


def test_one_person_signs_one_step_per_round(draft, cast, tree, make_staff):
    document = act(cast.handler, draft(), "submit")
    document = act(cast.head, document, "approve")
    with pytest.raises(NotAllowed) as exc:
        act(cast.head, document, "approve")
    assert exc.value.code == "already_signed"
    # nor may a reviewer who signed a step do the 保密审查 of the same round
    both = make_staff(cast.organ, Role.SECRECY, username="a_head_too")
    from gongkai.orgs.services import membership_grant

    membership_grant(actor=None, user=both, organ=cast.organ, role=Role.LEADER)
    document = act(both, document, "approve")
    document = act(cast.ogi_head, document, "approve")
    with pytest.raises(NotAllowed):
        act(both, document, "secrecy_approve")


def test_review_needs_the_capability_in_the_organ(draft, cast, tree, make_staff):
    document = act(cast.handler, draft(), "submit")
    outsider = make_staff(tree["b"], Role.SECTION_HEAD)
    with pytest.raises(NotAllowed):
        act(outsider, document, "approve")
    with pytest.raises(NotAllowed):
        act(cast.publisher, document, "approve")  # 信息发布员 does not review


def test_only_the_confidentiality_reviewer_clears_secrecy(draft, cast):
    document = act(cast.handler, draft(), "submit")
    for reviewer in cast.reviewers:
        document = act(reviewer, document, "approve")
    for person in (cast.ogi_head, cast.publisher, cast.head):
        with pytest.raises(NotAllowed):
            act(person, document, "secrecy_approve")


def test_rejection_returns_to_draft_with_reasons_and_starts_a_new_round(draft, cast):
    document = act(cast.handler, draft(), "submit")
    document = act(cast.head, document, "approve")
    with pytest.raises(InvalidInput) as exc:
        act(cast.leader, document, "reject")
    assert exc.value.field == "reason"
    document = act(cast.leader, document, "reject", reason="文号有误，请核实")
    assert document.state == State.DRAFT
    assert all(not s["signed_by"] for s in document.review_chain)
    event = document.events.get(action="reject")
    assert event.note == "文号有误，请核实" and event.step == "复审"
    document_update(actor=cast.handler, document=document, doc_number="青教〔2026〕8号")
    document = act(cast.handler, document, "submit")
    document = act(cast.head, document, "approve")  # the same head signs the new round
    assert document.review_step == 1


def test_secrecy_rejection_returns_to_draft(draft, cast):
    document = act(cast.handler, draft(), "submit")
    for reviewer in cast.reviewers:
        document = act(reviewer, document, "approve")
    document = act(cast.secrecy, document, "secrecy_reject", reason="附件含涉密地理坐标")
    assert document.state == State.DRAFT and document.index_number is None


def test_configured_chain_with_roles(draft, cast, tree):
    publication_settings_save(
        actor=None,
        organ=cast.organ,
        index_pattern="{organ_code}/{year}-{seq:04d}",
        require_interpretation=True,
        evaluation_months=12,
        review_steps=[("初审", Role.SECTION_HEAD), ("终审", Role.OGI_HEAD)],
    )
    document = act(cast.handler, draft(), "submit")
    assert [s["name"] for s in document.review_chain] == ["初审", "终审"]
    with pytest.raises(NotAllowed) as exc:
        act(cast.leader, document, "approve")  # 初审 is the section head's
    assert exc.value.code == "wrong_role"
    document = act(cast.head, document, "approve")
    with pytest.raises(NotAllowed):
        act(cast.leader, document, "approve")
    document = act(cast.ogi_head, document, "approve")  # subtree role over the department
    document = act(cast.secrecy, document, "secrecy_approve")
    assert document.index_number == "dist-a/2026-0001"


def test_submission_needs_the_catalogue_minimum(draft, cast):
    document = draft(body="", formed_on=None, category=None)
    with pytest.raises(InvalidInput) as exc:
        act(cast.handler, document, "submit")
    assert set(exc.value.errors) == {"body", "formed_on", "category"}


def test_non_proactive_documents_never_reach_the_catalogue(draft, approve, cast):
    for disclosure in ("withheld", "on_request"):
        document = approve(draft(disclosure=disclosure, disclosure_reason="涉及第三方商业秘密"))
        assert document.state == State.APPROVED and document.index_number
        with pytest.raises(Conflict) as exc:
            act(cast.publisher, document, "publish")
        assert exc.value.code == "not_proactive"


def test_the_database_refuses_a_published_non_proactive_document(draft):
    from django.db import IntegrityError, transaction

    document = draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=document.pk).update(state="published", disclosure="withheld")


# --- 三同步 -----------------------------------------------------------------------------------------


def test_normative_document_waits_for_its_interpretation(draft, approve, cast):
    policy = approve(draft(title="青山区教育收费管理办法", kind="policy", policy_class="normative"))
    with pytest.raises(Conflict) as exc:
        act(cast.publisher, policy, "publish")
    assert exc.value.code == "interpretation_required"
    assert "行政规范性文件" in exc.value.message and "政策解读" in exc.value.message
    interpretation = draft(
        title="《青山区教育收费管理办法》政策解读", kind="interpretation", interprets=policy
    )
    act(cast.handler, interpretation, "submit")
    with pytest.raises(Conflict):  # submitted is not approved
        act(cast.publisher, policy, "publish")
    # the interpretation cannot go out before the policy either
    interpretation = Document.objects.get(pk=interpretation.pk)
    for reviewer in cast.reviewers:
        interpretation = act(reviewer, interpretation, "approve")
    interpretation = act(cast.secrecy, interpretation, "secrecy_approve")
    with pytest.raises(Conflict) as exc:
        act(cast.publisher, interpretation, "publish")
    assert exc.value.code == "policy_not_published"
    policy = act(cast.publisher, policy, "publish")
    interpretation.refresh_from_db()
    assert interpretation.state == State.PUBLISHED  # 同步发布
    assert interpretation.published_on == policy.published_on


def test_three_synchronisations_can_be_switched_off_per_organ(draft, approve, cast):
    publication_settings_save(
        actor=None,
        organ=cast.organ,
        index_pattern="{credit_code}/{year}-{seq:05d}",
        require_interpretation=False,
        evaluation_months=12,
    )
    policy = approve(draft(kind="policy", policy_class="normative"))
    assert act(cast.publisher, policy, "publish").state == State.PUBLISHED


def test_other_policies_need_no_interpretation(draft, approve, cast):
    policy = approve(draft(kind="policy", policy_class="other_policy"))
    assert act(cast.publisher, policy, "publish").state == State.PUBLISHED


# --- 索引号 ------------------------------------------------------------------------------------------


def test_index_numbers_are_unique_and_never_reused(draft, approve, cast):
    first = approve(draft(title="一"))
    second = approve(draft(title="二"))
    assert first.index_number.endswith("/2026-00001")
    assert second.index_number.endswith("/2026-00002")
    act(cast.publisher, first, "publish")
    act(cast.publisher, first, "withdraw", reason="内容有误")
    third = approve(draft(title="三"))
    assert third.index_number.endswith("/2026-00003")
    assert IndexCounter.objects.get(organ=cast.organ, year=2026).last == 3


def test_organ_without_credit_code_uses_its_code(tree, make_staff, category):
    town = tree["town"]
    people = [make_staff(town, role) for role in (Role.HANDLER, Role.SECTION_HEAD, Role.LEADER)]
    extra = [make_staff(town, Role.SECTION_HEAD), make_staff(town, Role.SECRECY)]
    document = document_create(
        actor=people[0],
        organ=town,
        title="镇通知",
        body="正文",
        formed_on=date(2026, 11, 2),
        category=category,
    )
    document = act(people[0], document, "submit")
    for reviewer in (people[1], people[2], extra[0]):
        document = act(reviewer, document, "approve")
    document = act(extra[1], document, "secrecy_approve")
    assert document.index_number == "dist-t/2026-00001"


def test_changing_the_pattern_keeps_numbers_unique(draft, approve, cast):
    publication_settings_save(
        actor=None,
        organ=cast.organ,
        index_pattern="{organ_code}/{year}-{seq:05d}",
        require_interpretation=True,
        evaluation_months=12,
    )
    first = approve(draft(title="一"))
    publication_settings_save(
        actor=None,
        organ=cast.organ,
        index_pattern="{credit_code}/{year}-{seq:05d}",
        require_interpretation=True,
        evaluation_months=12,
    )
    second = approve(draft(title="二"))
    assert first.index_number == "dist-a/2026-00001"
    assert second.index_number == f"{cast.organ.credit_code}/2026-00002"


def test_bad_pattern_is_refused(cast):
    with pytest.raises(InvalidInput) as exc:
        publication_settings_save(
            actor=None,
            organ=cast.organ,
            index_pattern="{year}-{seq}",
            require_interpretation=True,
            evaluation_months=12,
        )
    assert exc.value.field == "index_pattern"


def test_only_administrators_change_publication_settings(cast):
    with pytest.raises(NotAllowed):
        publication_settings_save(
            actor=cast.ogi_head,
            organ=cast.organ,
            index_pattern="{organ_code}/{year}-{seq:05d}",
            require_interpretation=False,
            evaluation_months=12,
        )


# --- scheduled publication and withdrawal --------------------------------------------------------


def test_scheduled_publication_happens_when_due(draft, approve, cast):
    now = datetime(2026, 11, 21, 10, 0, tzinfo=SHANGHAI)
    document = approve(draft())
    with pytest.raises(InvalidInput) as exc:
        act(cast.publisher, document, "schedule", scheduled_at=now - timedelta(hours=1), now=now)
    assert exc.value.field == "scheduled_at"
    at = datetime(2026, 11, 25, 9, 0, tzinfo=SHANGHAI)
    document = act(cast.publisher, document, "schedule", scheduled_at=at, now=now)
    assert document.state == State.SCHEDULED
    published, problems = documents_publish_due(now=at - timedelta(minutes=1))
    assert published == [] and problems == []
    published, problems = documents_publish_due(now=at + timedelta(minutes=5))
    assert [d.pk for d in published] == [document.pk] and problems == []
    document.refresh_from_db()
    assert document.state == State.PUBLISHED and document.published_on == date(2026, 11, 25)
    event = document.events.get(action="publish_due")
    assert event.actor is None


def test_a_scheduled_document_that_became_unpublishable_is_reported(draft, approve, cast):
    now = datetime(2026, 11, 21, 10, 0, tzinfo=SHANGHAI)
    document = approve(draft(kind="policy", policy_class="normative"))
    interpretation = approve(draft(kind="interpretation", interprets=document))
    at = now + timedelta(days=1)
    act(cast.publisher, document, "schedule", scheduled_at=at, now=now)
    act(cast.handler, interpretation, "revise")  # taken back for changes
    published, problems = documents_publish_due(now=at + timedelta(minutes=1))
    assert published == [] and "三同步" in problems[0]
    assert Document.objects.get(pk=document.pk).state == State.SCHEDULED


def test_withdrawal_needs_a_reason_and_takes_the_document_off(published, cast):
    document = published()
    with pytest.raises(InvalidInput):
        act(cast.publisher, document, "withdraw", reason=" ")
    document = act(cast.publisher, document, "withdraw", reason="误发，含未定稿内容")
    assert document.state == State.WITHDRAWN
    assert document.withdrawn_reason == "误发，含未定稿内容"
    assert document.events.get(action="withdraw").note == "误发，含未定稿内容"


def test_publication_calls_the_search_hook(published, cast, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "gongkai.publications.indexing.document_changed",
        lambda document: seen.append((document.pk, document.state)),
    )
    document = published()
    act(cast.publisher, document, "withdraw", reason="过期")
    assert seen == [(document.pk, "published"), (document.pk, "withdrawn")]


# --- 第二十六条 deadline ------------------------------------------------------------------------------


def test_article_26_deadline_is_tracked_and_closed_on_publication(draft, approve, cast):
    document = draft(formed_on=date(2026, 11, 2))
    deadline = TrackedDeadline.objects.get(pk=document.deadline_id)
    # 20 working days strictly after Mon 2 Nov 2026 (no holidays in November): Mon 30 Nov.
    assert deadline.rule == "proactive" and deadline.due == date(2026, 11, 30)
    assert deadline.is_open
    document_update(actor=cast.handler, document=document, formed_on=date(2026, 11, 9))
    deadline.refresh_from_db()
    assert deadline.due == date(2026, 12, 7)
    document = approve(Document.objects.get(pk=document.pk))
    act(cast.publisher, document, "publish")
    deadline.refresh_from_db()
    assert not deadline.is_open


def test_non_proactive_documents_have_no_publication_deadline(draft):
    document = draft(disclosure="withheld", disclosure_reason="内部事务")
    assert document.deadline_id is None


# --- 有效性 ---------------------------------------------------------------------------------------------


def test_repeal_with_replacement_keeps_history(published, cast):
    old = published(title="旧办法")
    new = published(title="新办法")
    document_set_validity(
        actor=cast.publisher,
        document=old,
        validity=Validity.REPEALED,
        effective_on=date(2026, 6, 1),
        replaced_by=new,
        note="被新办法废止",
    )
    old.refresh_from_db()
    assert (old.validity, old.validity_changed_on, old.replaced_by_id) == (
        "repealed",
        date(2026, 6, 1),
        new.pk,
    )
    assert old.state == State.PUBLISHED  # the original stays, marked
    assert old.next_evaluation_on is None
    record = ValidityRecord.objects.get(document=old)
    assert (record.old_validity, record.new_validity) == ("valid", "repealed")
    with pytest.raises(InvalidInput):
        document_set_validity(
            actor=cast.publisher,
            document=new,
            validity=Validity.EXPIRED,
            effective_on=date(2026, 6, 1),
            replaced_by=new,
        )


def test_validity_needs_the_publisher(published, cast):
    document = published()
    with pytest.raises(NotAllowed):
        document_set_validity(
            actor=cast.handler,
            document=document,
            validity=Validity.EXPIRED,
            effective_on=date(2026, 6, 1),
        )


def test_periodic_evaluation_schedules_the_next(published, cast):
    document = published()
    document = document_evaluate(
        actor=cast.publisher, document=document, on=date(2026, 12, 1), note="继续有效"
    )
    assert document.next_evaluation_on == date(2027, 12, 1)
    assert DocumentEvent.objects.filter(document=document, action="evaluated").count() == 1


def test_an_empty_configured_chain_means_the_default(draft, cast):
    settings = publication_settings_save(
        actor=None,
        organ=cast.organ,
        index_pattern="{credit_code}/{year}-{seq:05d}",
        require_interpretation=True,
        evaluation_months=12,
        review_steps=[("审核", "")],
    )
    assert settings.steps.count() == 1
    publication_settings_save(
        actor=None,
        organ=cast.organ,
        index_pattern="{credit_code}/{year}-{seq:05d}",
        require_interpretation=True,
        evaluation_months=12,
        review_steps=[],
    )
    document = act(cast.handler, draft(), "submit")
    assert [s["name"] for s in document.review_chain] == ["初审", "复审", "终审"]
