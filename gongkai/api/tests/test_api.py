from __future__ import annotations

import pytest

from gongkai.api.management.commands.api import SCHEMA_PATH, current_schema
from gongkai.api.services import api_token_create, api_token_revoke
from gongkai.orgs.roles import Role


def test_committed_openapi_document_matches_the_code():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == current_schema(), (
        "OpenAPI drifted: run `gongkai api schema --write` and commit gongkai/api/openapi.json"
    )


@pytest.mark.django_db
def test_me_with_a_bearer_token(client, tree, make_staff):
    user = make_staff(tree["a"], Role.HANDLER)
    _, key = api_token_create(actor=None, user=user, name="test")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["roles"] == [
        {"organ": "dist-a", "organ_name": "江州市青山区教育局", "role": "handler", "scope": "organ"}
    ]


@pytest.mark.django_db
def test_revoked_or_missing_token_is_401_with_a_code(client, tree, make_staff):
    user = make_staff(tree["a"], Role.HANDLER)
    token, key = api_token_create(actor=None, user=user, name="test")
    api_token_revoke(actor=None, token=token)
    for headers in ({"Authorization": f"Bearer {key}"}, {}):
        response = client.get("/api/v1/me", headers=headers)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"


@pytest.mark.django_db
def test_organs_are_public(client, tree):
    data = client.get("/api/v1/organs").json()
    assert {o["code"] for o in data} == {"dist", "dist-a", "dist-b", "dist-t"}


@pytest.mark.django_db
def test_session_posts_need_csrf(tree, make_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff(tree["a"], Role.HANDLER))
    response = client.post(
        "/api/v1/deadlines/compute", {"received": "2026-11-02"}, content_type="application/json"
    )
    assert response.status_code in (401, 403)


@pytest.mark.django_db
def test_deadline_compute(client, tree, make_staff):
    client.force_login(make_staff(tree["a"], Role.HANDLER))
    response = client.post(
        "/api/v1/deadlines/compute",
        {
            "received": "2026-11-02",
            "pauses": [["2026-11-09", "2026-11-13"]],
            "extension": 0,
            "organ": "dist-a",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["reply"]["due"] == "2026-12-07"
    assert body["correction_notice"]["due"] == "2026-11-11"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "payload,code,field",
    [
        ({"received": "2026-11-02", "extension": 21}, "deadline_input", None),
        ({"received": "not-a-date"}, "invalid", "received"),
        ({"received": "2026-11-02", "organ": "dist-b"}, "invalid", "organ"),
    ],
)
def test_deadline_compute_errors_have_stable_codes(client, tree, make_staff, payload, code, field):
    client.force_login(make_staff(tree["a"], Role.HANDLER))
    response = client.post("/api/v1/deadlines/compute", payload, content_type="application/json")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == code
    if field:
        assert field in body["errors"]
