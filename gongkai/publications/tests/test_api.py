"""/api/v1/documents: the contract of every endpoint, its permissions and its error codes."""

from __future__ import annotations

import pytest

from gongkai.api.services import api_token_create
from gongkai.orgs.roles import Role
from gongkai.publications.models import Document, State

pytestmark = pytest.mark.django_db
BASE = "/api/v1/documents"


def bearer(user) -> dict:
    _, key = api_token_create(actor=None, user=user, name="test")
    return {"Authorization": f"Bearer {key}"}


def post(client, url, user, data):
    return client.post(url, data, content_type="application/json", headers=bearer(user))


DRAFT = {
    "organ": "dist-a",
    "title": "关于做好冬季供暖保障的通知",
    "kind": "notice",
    "genre": "notice",
    "category": "0101",
    "body": "各单位：……",
    "formed_on": "2026-11-16",
}


def test_create_update_and_read(client, cast):
    response = post(client, BASE, cast.handler, DRAFT)
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "draft" and body["category_label"] == "综合政务\\政务公开"
    assert body["public_deadline"] == "2026-12-14"  # 第二十六条: 20 working days after 16 Nov
    patch = client.patch(
        f"{BASE}/{body['id']}",
        {"doc_number": "青教〔2026〕9号"},
        content_type="application/json",
        headers=bearer(cast.handler),
    )
    assert patch.status_code == 200 and patch.json()["doc_number"] == "青教〔2026〕9号"
    assert (
        client.get(f"{BASE}/{body['id']}", headers=bearer(cast.head)).json()["title"]
        == (DRAFT["title"])
    )


@pytest.mark.parametrize(
    "change,status,code,field",
    [
        ({"organ": "dist-b"}, 422, "invalid", "organ"),  # not the caller's organ
        ({"category": "nope"}, 422, "invalid", "category"),
        ({"disclosure": "withheld"}, 422, "invalid", "disclosure_reason"),
        ({"formed_on": "yesterday"}, 422, "invalid", "formed_on"),
        ({"title": ""}, 422, "invalid", "title"),
    ],
)
def test_create_errors(client, cast, change, status, code, field):
    response = post(client, BASE, cast.handler, {**DRAFT, **change})
    assert response.status_code == status
    assert response.json()["code"] == code
    assert field in response.json()["errors"]
    assert Document.objects.count() == 0


def test_only_drafters_create(client, cast):
    response = post(client, BASE, cast.secrecy, DRAFT)
    assert response.status_code == 422 and response.json()["field"] == "organ"


def test_the_chain_through_the_api(client, cast):
    document_id = post(client, BASE, cast.handler, DRAFT).json()["id"]
    url = f"{BASE}/{document_id}/transitions"
    early = post(client, url, cast.publisher, {"action": "publish"})
    assert early.status_code == 409 and early.json()["code"] == "invalid_transition"
    assert post(client, url, cast.handler, {"action": "submit"}).status_code == 200
    own = post(client, url, cast.handler, {"action": "approve"})
    assert own.status_code == 403 and own.json()["code"] == "forbidden"
    for reviewer in cast.reviewers:
        assert post(client, url, reviewer, {"action": "approve"}).status_code == 200
    skipped = post(client, url, cast.publisher, {"action": "publish"})
    assert skipped.status_code == 409  # 保密审查 first
    cleared = post(client, url, cast.secrecy, {"action": "secrecy_approve"})
    assert cleared.json()["state"] == "approved" and cleared.json()["index_number"]
    published = post(client, url, cast.publisher, {"action": "publish"})
    assert published.status_code == 200 and published.json()["state"] == "published"
    chain = published.json()["review_chain"]
    assert [s["signer"] for s in chain] == ["a_head", "a_leader", "gkb_head"]
    withdraw = post(client, url, cast.publisher, {"action": "withdraw"})
    assert withdraw.status_code == 422 and withdraw.json()["field"] == "reason"


def test_publishing_a_policy_without_interpretation_is_409(client, cast, draft, approve):
    policy = approve(draft(kind="policy", policy_class="normative"))
    response = post(
        client, f"{BASE}/{policy.pk}/transitions", cast.publisher, {"action": "publish"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "interpretation_required"
    assert "三同步" in response.json()["message"]


def test_staff_list_is_scoped(client, tree, cast, draft, make_staff):
    draft(title="教育局的草稿")
    mine = client.get(BASE, {"queue": "drafts"}, headers=bearer(cast.handler)).json()
    assert mine["count"] == 1 and mine["items"][0]["title"] == "教育局的草稿"
    outsider = make_staff(tree["b"], Role.HANDLER)
    assert client.get(BASE, headers=bearer(outsider)).json() == {"count": 0, "items": []}
    document = Document.objects.get()
    hidden = client.get(f"{BASE}/{document.pk}", headers=bearer(outsider))
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"
    assert client.get(BASE).status_code == 401


def test_public_catalogue_needs_no_login(client, cast, draft, published):
    document = published(title="已公开的通知")
    draft(title="草稿不可见")
    listing = client.get(f"{BASE}/public", {"organ": "dist-a"}).json()
    assert listing["total"] == 1 and listing["capped"] is False
    item = listing["items"][0]
    assert item["title"] == "已公开的通知" and item["index_number"] == document.index_number
    by_index = client.get(f"{BASE}/public/{document.index_number}")
    assert by_index.status_code == 200 and by_index.json()["id"] == document.pk
    assert client.get(f"{BASE}/public/{document.pk}").json()["title"] == "已公开的通知"
    hidden = Document.objects.exclude(state=State.PUBLISHED).get()
    missing = client.get(f"{BASE}/public/{hidden.pk}")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = client.get(f"{BASE}/public", {"limit": 1000})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
