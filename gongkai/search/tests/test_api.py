"""The search API: public search and ask, FAQ management for staff."""

from __future__ import annotations

import pytest

from gongkai.orgs.roles import Role

pytestmark = pytest.mark.django_db


def test_public_search(client, corpus):
    response = client.get("/api/v1/search", {"q": "高齡津貼", "per_page": 5})
    assert response.status_code == 200
    body = response.json()
    assert {r["id"] for r in body["results"][:2]} == {"document:155", "document:156"}
    policy = next(r for r in body["results"] if r["id"] == "document:155")
    assert policy["related_interpretations"][0]["id"] == "document:156"
    assert "<mark>" in policy["snippet"]
    assert body["facets"]["organ"][0]["value"] == "qingshan-mzj"


@pytest.mark.parametrize(
    "params,field",
    [
        ({"q": ""}, "q"),
        ({"q": "x", "kind": "law"}, "kind"),
        ({"q": "x", "per_page": 500}, "per_page"),
    ],
)
def test_search_errors_have_codes(client, db, params, field):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and field in body["errors"]


def test_public_ask(client, corpus, faq):
    response = client.get("/api/v1/ask", {"q": "政务服务中心周六开门吗"})
    assert response.status_code == 200
    assert response.json()["answer_type"] == "faq"
    assert client.get("/api/v1/ask", {"q": " "}).status_code == 422


def test_faq_crud_for_staff_scoped_to_their_organ(client, qingshan, make_staff):
    handler = make_staff(qingshan["qingshan-mzj"], Role.HANDLER)
    client.force_login(handler)
    payload = {
        "organ": "qingshan-mzj",
        "question": "高龄津贴怎么领？",
        "variants": ["80岁老人补贴怎么申请"],
        "answer": "<p>到社区居委会申请。</p>",
        "document_keys": ["document:155"],
    }
    created = client.post("/api/v1/faq", payload, content_type="application/json")
    assert created.status_code == 201
    faq_id = created.json()["id"]
    assert client.get("/api/v1/faq").json()[0]["question"] == "高龄津贴怎么领？"
    updated = client.put(
        f"/api/v1/faq/{faq_id}",
        {**payload, "question": "高龄津贴在哪里领？"},
        content_type="application/json",
    )
    assert updated.json()["question"] == "高龄津贴在哪里领？"
    other = client.post(
        "/api/v1/faq", {**payload, "organ": "qingshan-rsj"}, content_type="application/json"
    )
    assert other.status_code == 422 and other.json()["field"] == "organ"
    assert client.delete(f"/api/v1/faq/{faq_id}").status_code == 204
    assert client.get(f"/api/v1/faq/{faq_id}").status_code == 404


def test_faq_api_needs_a_login(client, db):
    assert client.get("/api/v1/faq").status_code == 401


def test_staff_of_another_organ_cannot_see_an_entry(client, qingshan, make_staff, faq):
    client.force_login(make_staff(qingshan["qingshan-rsj"], Role.HANDLER))
    mzj_entry = next(e for e in faq if e.organ.code == "qingshan-mzj")
    assert client.get(f"/api/v1/faq/{mzj_entry.pk}").status_code == 404
