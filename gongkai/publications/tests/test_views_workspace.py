"""Staff pages: queues, the edit form's field errors, review actions, validity, consultations,
decision-record import — through the test client as each role."""

from __future__ import annotations

import re
from datetime import date

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.orgs.roles import Role
from gongkai.publications.models import Comment, DecisionRecord, Document, State
from gongkai.publications.services.consultations import (
    comment_submit,
    consultation_create,
    consultation_publish,
    consultation_secrecy_approve,
)
from gongkai.publications.services.documents import document_transition

pytestmark = pytest.mark.django_db
LIST = "/workspace/publications/"


def as_user(client, user):
    client.force_login(user)
    return client


def follow_post(client, url, data) -> str:
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_login_required(client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/workspace/login/" in response["Location"]


def test_nav_shows_the_entries_to_document_staff(client, cast):
    html = as_user(client, cast.handler).get(LIST).content.decode()
    assert "主动公开" in html and "征求意见" in html and "行政决定数据" in html
    secrecy = as_user(client, cast.secrecy).get(LIST).content.decode()
    assert "行政决定数据" not in secrecy  # 保密审查员 does not compile report figures


def test_create_form_shows_field_errors(client, cast, category):
    client = as_user(client, cast.handler)
    response = client.post(
        reverse("publications_ws:create"),
        {
            "organ": cast.organ.pk,
            "title": "",
            "kind": "notice",
            "genre": "notice",
            "disclosure": "withheld",
            "formed_on": "2026-13-40",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    for field in ("title", "formed_on"):  # errors are tied to their fields
        assert f'id="id_{field}_error"' in html
        assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error"', html)
    assert Document.objects.count() == 0
    # the service's rule (written reasons for 不予公开) lands on its field
    response = client.post(
        reverse("publications_ws:create"),
        {
            "organ": cast.organ.pk,
            "title": "内部请示",
            "kind": "notice",
            "genre": "notice",
            "disclosure": "withheld",
        },
    )
    assert response.status_code == 422
    assert 'id="id_disclosure_reason_error"' in response.content.decode()


def test_draft_review_and_publish_through_the_pages(client, cast, category):
    client = as_user(client, cast.handler)
    response = client.post(
        reverse("publications_ws:create"),
        {
            "organ": cast.organ.pk,
            "title": "关于开展校园安全检查的通知",
            "kind": "notice",
            "genre": "notice",
            "category": category.pk,
            "body": "各学校：请于月底前完成自查。",
            "formed_on": "2026-11-16",
            "disclosure": "proactive",
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{document.pk}/")
    action = reverse("publications_ws:action", args=[document.pk])
    html = follow_post(client, action, {"action": "submit"})
    assert "已提交审核" in html
    html = follow_post(client, action, {"action": "approve"})
    assert "无权执行“审核通过”" in html  # 经办人 holds no review capability
    for reviewer in cast.reviewers:
        follow_post(as_user(client, reviewer), action, {"action": "approve"})
    detail = reverse("publications_ws:detail", args=[document.pk])
    # before 保密审查 the publisher is offered no way to publish
    assert 'value="publish"' not in as_user(client, cast.publisher).get(detail).content.decode()
    follow_post(as_user(client, cast.secrecy), action, {"action": "secrecy_approve"})
    assert 'value="publish"' in as_user(client, cast.publisher).get(detail).content.decode()
    html = follow_post(as_user(client, cast.publisher), action, {"action": "publish"})
    document.refresh_from_db()
    assert document.state == State.PUBLISHED and "已发布" in html
    assert client.get(document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("reviewed", [0, 3])  # no review step passed / all passed but 保密审查
def test_publishing_before_review_and_secrecy_is_refused_on_the_page(client, cast, draft, reviewed):
    document = document_transition(actor=cast.handler, document=draft(), action="submit")
    for reviewer in cast.reviewers[:reviewed]:
        document = document_transition(actor=reviewer, document=document, action="approve")
    html = follow_post(
        as_user(client, cast.publisher),
        reverse("publications_ws:action", args=[document.pk]),
        {"action": "publish"},
    )
    assert "当前状态不能执行“发布”" in html
    assert Document.objects.get(pk=document.pk).state != State.PUBLISHED
    assert client.get(f"/gk/{document.pk}/").status_code == 404


def test_publish_refusal_for_missing_interpretation_is_shown(client, cast, draft, approve):
    policy = approve(draft(title="教育收费管理办法", kind="policy", policy_class="normative"))
    html = follow_post(
        as_user(client, cast.publisher),
        reverse("publications_ws:action", args=[policy.pk]),
        {"action": "publish"},
    )
    assert "须与政策解读同步发布（三同步）" in html
    assert Document.objects.get(pk=policy.pk).state == State.APPROVED


def test_reject_requires_a_reason_on_the_page(client, cast, draft):
    document = document_transition(actor=cast.handler, document=draft(), action="submit")
    action = reverse("publications_ws:action", args=[document.pk])
    html = follow_post(as_user(client, cast.head), action, {"action": "reject", "reason": ""})
    assert "须填写理由" in html
    follow_post(client, action, {"action": "reject", "reason": "请补充附件"})
    assert Document.objects.get(pk=document.pk).state == State.DRAFT


def test_queues_and_their_query_count(client, cast, draft, django_assert_max_num_queries):
    document_transition(actor=cast.handler, document=draft(title="待审一"), action="submit")
    client = as_user(client, cast.head)
    html = client.get(LIST, {"queue": "review"}).content.decode()
    assert "待审一" in html and "待我审核（1）" in html
    client.get(LIST, {"queue": "all"})  # warm the per-request caches
    with django_assert_max_num_queries(16) as few:
        client.get(LIST, {"queue": "all"})
    for n in range(15):
        draft(title=f"草稿{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST, {"queue": "all"})
    assert response.content.decode().count("草稿") >= 15


def test_overdue_queue(client, cast, draft):
    draft(title="逾期未公开的通知", formed_on=date(2026, 10, 9))
    html = as_user(client, cast.handler).get(LIST, {"queue": "overdue"}).content.decode()
    assert "逾期未公开的通知" in html and "2026-11-05（已超期）" in html


def test_other_organs_documents_are_invisible(client, tree, cast, draft, make_staff):
    document = draft()
    outsider = make_staff(tree["b"], Role.SECTION_HEAD)
    client = as_user(client, outsider)
    assert client.get(reverse("publications_ws:detail", args=[document.pk])).status_code == 404
    response = client.post(
        reverse("publications_ws:action", args=[document.pk]), {"action": "approve"}
    )
    assert response.status_code == 404


def test_validity_form(client, cast, published):
    new = published(title="新办法")
    old = published(title="旧办法")
    html = follow_post(
        as_user(client, cast.publisher),
        reverse("publications_ws:validity", args=[old.pk]),
        {
            "validity": "repealed",
            "effective_on": "2026-11-20",
            "replaced_by": new.index_number,
            "note": "被新办法废止",
        },
    )
    old.refresh_from_db()
    assert old.validity == "repealed" and old.replaced_by == new
    assert "有效性已更新" in html


def test_disguised_attachment_is_refused_on_the_page(client, cast, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = draft()
    html = follow_post(
        as_user(client, cast.handler),
        reverse("publications_ws:attachment_upload", args=[document.pk]),
        {"file": SimpleUploadedFile("表格.xlsx", b"MZ\x90\x00" + b"\x00" * 200)},
    )
    assert "不支持的文件类型" in html and document.attachments.count() == 0


def test_consultation_moderation_page(client, cast):
    consultation = consultation_create(
        actor=cast.handler,
        organ=cast.organ,
        title="征求意见",
        description="<p>稿</p>",
        opens_on=date(2026, 11, 1),
        closes_on=date(2026, 11, 30),
    )
    consultation_secrecy_approve(actor=cast.secrecy, consultation=consultation)
    consultation_publish(actor=cast.publisher, consultation=consultation)
    comment = comment_submit(
        consultation=consultation, body="建议增加听证环节", today=date(2026, 11, 2)
    )
    url = reverse("publications_ws:comment_action", args=[consultation.pk, comment.pk])
    follow_post(as_user(client, cast.publisher), url, {"action": "moderate", "approve": "1"})
    html = follow_post(
        as_user(client, cast.handler), url, {"action": "decide", "decision": "partly", "reason": ""}
    )
    assert "部分采纳或不采纳须说明理由" in html
    follow_post(client, url, {"action": "decide", "decision": "adopted", "reason": ""})
    comment = Comment.objects.get()
    assert (comment.moderation, comment.decision) == ("approved", "adopted")


def test_decision_import_page_reports_rows(client, cast):
    client = as_user(client, cast.handler)
    bad = "类别,文书号,事项名称,决定日期\n行政许可,许1,许可,2026-01-05\n行政许可,,许可,2026-01-06\n"
    response = client.post(
        reverse("publications_ws:decisions"),
        {"organ": cast.organ.pk, "file": SimpleUploadedFile("a.csv", bad.encode())},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "错误报告" in html and "第3行" in html and "缺少文书号" in html
    assert DecisionRecord.objects.count() == 0
    good = bad.replace("行政许可,,许可", "行政许可,许2,许可")
    response = client.post(
        reverse("publications_ws:decisions"),
        {"organ": cast.organ.pk, "file": SimpleUploadedFile("a.csv", good.encode())},
    )
    assert response.status_code == 200 and "新增 2 条" in response.content.decode()
