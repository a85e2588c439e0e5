"""The cases API: every decision type and side path end to end over HTTP, landing in the right
table-三 row; errors with stable codes; scope."""

from __future__ import annotations

import pytest
import time_machine

from gongkai.api.services import api_token_create
from gongkai.cases.models import Application
from gongkai.cases.tests.conftest import VALID_ID
from gongkai.cases.tests.test_side_paths import DECISION_CASES
from gongkai.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NOW = "2026-12-31 10:00 +0800"
# a 1×1 PNG: a real image for the identity-document upload
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


class Api:
    def __init__(self, client, people):
        self.client, self.people, self.tokens = client, people, {}

    def token(self, who):
        if who not in self.tokens:
            self.tokens[who] = api_token_create(actor=None, user=self.people[who], name="test")[1]
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def get(self, who, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.token(who))

    def act(self, who, case_id, action, expect=200, **payload):
        response = self.client.post(
            f"/api/v1/cases/{case_id}/actions/{action}",
            payload,
            content_type="application/json",
            headers=self.token(who),
        )
        assert response.status_code == expect, response.content.decode()
        return response.json()


@pytest.fixture
def api(client, people):
    return Api(client, people)


def submit(client, tree, **applicant):
    body = {
        "organ": tree["a"].code,
        "applicant": {
            "applicant_type": "NP",
            "name": "王小明",
            "id_number": VALID_ID,
            "phone": "13800001234",
            "email": "wxm@example.com",
            **applicant,
        },
        "items": [{"description": "2026年区教育局学校布局调整方案"}],
        "delivery_method": "online",
        "identity_document": {"filename": "id.png", "content_base64": PNG},
    }
    response = client.post("/api/v1/applications", body, content_type="application/json")
    assert response.status_code == 201, response.content.decode()
    return Application.objects.get(tracking_code=response.json()["tracking_code"])


def to_decision(api, people, tree, case, decision: dict, *, deliver_on="2026-11-20"):
    cid = case.public_id
    api.act("clerk", cid, "accept")
    api.act("ogi_head", cid, "assign", handling_organ=tree["a"].code, handler="handler")
    api.act("handler", cid, "decide", position=1, **decision)
    api.act("handler", cid, "submit_for_review")
    body = api.act("head", cid, "approve_review")
    if body["state"] == "legal_review":
        api.act("legal", cid, "approve_legal")
    api.act("leader", cid, "sign")
    return api.act("clerk", cid, "deliver", method="online", delivered_on=deliver_on)


@pytest.mark.parametrize(
    "decision,row", DECISION_CASES, ids=[f"{d.decision}-{r}" for d, r in DECISION_CASES]
)
@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_each_decision_through_the_api(client, api, people, tree, decision, row):
    """Submitted online and confirmed, handled, signed and delivered on 2026-11-20."""
    case = submit(client, tree)
    payload = {k: v for k, v in decision.__dict__.items() if v not in (None, "")}
    body = to_decision(api, people, tree, case, payload)
    assert (body["state"], body["outcome_row"]) == ("delivered", row)


def test_side_paths_through_the_api(client, api, people, tree, time_machine):
    def on(day):
        time_machine.move_to(f"{day} 10:00 +0800", tick=False)

    on("2026-11-02")
    c1, c2, c3, c4 = (submit(client, tree) for _ in range(4))
    for case in (c1, c2, c3, c4):
        api.act("clerk", case.public_id, "accept")
    for case in (c2, c3, c4):
        api.act(
            "ogi_head", case.public_id, "assign", handling_organ=tree["a"].code, handler="handler"
        )
    # 补正 (once) without correction → R3.6.1 after the period
    on("2026-11-04")
    api.act("clerk", c1.public_id, "request_correction", items="请写明文件名称", due="2026-11-18")
    api.act("clerk", c1.public_id, "request_correction", expect=409, items="again")
    on("2026-11-19")
    assert api.act("clerk", c1.public_id, "correction_lapsed")["outcome_row"] == "R3.6.1"
    # fee unpaid → R3.6.2; fee paid → handling continues
    on("2026-11-04")
    api.act("handler", c2.public_id, "send_fee_notice", basis="per_page", pages=120)
    api.act("handler", c3.public_id, "send_fee_notice", basis="per_page", pages=120)
    on("2026-11-06")
    assert api.act("handler", c3.public_id, "fee_paid", paid_on="2026-11-06")["state"] == "assigned"
    on("2026-12-03")
    assert api.act("handler", c2.public_id, "fee_lapsed")["outcome_row"] == "R3.6.2"
    # consultation and an extension approved only by the OGI office head
    on("2026-11-09")
    body = api.act(
        "handler",
        c3.public_id,
        "start_consultation",
        parties=[
            {
                "kind": "co_maker",
                "party": "区财政局",
                "sent_on": "2026-11-09",
                "letter_received_on": "2026-11-09",
            }
        ],
    )
    assert body["state"] == "consulting"
    on("2026-11-12")
    api.act(
        "handler",
        c3.public_id,
        "record_opinion",
        consultation=c3.consultations.get().pk,
        opinion="agree",
        received_on="2026-11-12",
    )
    api.act("handler", c3.public_id, "end_consultation")
    api.act("handler", c3.public_id, "request_extension", days=10, reason="需要协调多个部门")
    extension = c3.extensions.get().pk
    api.act("head", c3.public_id, "decide_extension", expect=403, extension=extension, approve=True)
    before = api.get("handler", f"/cases/{c3.public_id}").json()["reply_deadline"]["due"]
    body = api.act("ogi_head", c3.public_id, "decide_extension", extension=extension, approve=True)
    assert body["reply_deadline"]["due"] > before
    # withdrawal → R3.6.3
    on("2026-11-20")
    assert api.act("clerk", c3.public_id, "withdraw")["outcome_row"] == "R3.6.3"
    # 第三十五条, reasons unreasonable → R3.5.4
    on("2026-11-04")
    api.act("handler", c4.public_id, "ask_reasons")
    on("2026-11-10")
    api.act(
        "handler",
        c4.public_id,
        "reasons_received",
        on="2026-11-10",
        reasonable=False,
        explanation="未说明理由。",
    )
    api.act("handler", c4.public_id, "submit_for_review")
    api.act("head", c4.public_id, "approve_review")
    api.act("leader", c4.public_id, "sign")
    assert (
        api.act("clerk", c4.public_id, "deliver", method="online", delivered_on="2026-11-10")[
            "outcome_row"
        ]
        == "R3.5.4"
    )


@time_machine.travel(NOW, tick=False)
def test_errors_have_stable_codes(client, api, people, tree):
    case = submit(client, tree)
    cid = case.public_id
    wrong = client.post(
        f"/api/v1/cases/{cid}/actions/sign",
        {},
        content_type="application/json",
        headers=api.token("leader"),
    )
    assert wrong.status_code == 409 and wrong.json()["code"] == "transition_not_allowed"
    assert "不能执行" in wrong.json()["message"]
    version = api.get("clerk", f"/cases/{cid}").json()["version"]
    api.act("clerk", cid, "accept", version=version)
    stale = client.post(
        f"/api/v1/cases/{cid}/actions/request_correction",
        {"items": "x", "version": version},
        content_type="application/json",
        headers=api.token("clerk"),
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    api.act("ogi_head", cid, "assign", handling_organ=tree["a"].code, handler="handler")
    bad = client.post(
        f"/api/v1/cases/{cid}/actions/decide",
        {"position": 1, "decision": "withhold"},
        content_type="application/json",
        headers=api.token("handler"),
    )
    assert bad.status_code == 422 and {"withhold_reason", "basis", "reasons"} <= set(
        bad.json()["errors"]
    )
    assert api.get("other_handler", f"/cases/{cid}").status_code == 404
    outsider = client.post(
        f"/api/v1/cases/{cid}/actions/withdraw",
        {},
        content_type="application/json",
        headers=api.token("other_head"),
    )
    assert outsider.status_code == 404


@time_machine.travel(NOW, tick=False)
def test_submission_validation_errors_name_the_fields(client, tree):
    body = {
        "organ": tree["a"].code,
        "applicant": {"applicant_type": "NP", "name": "王", "id_number": "123"},
        "items": [{"description": ""}],
    }
    response = client.post("/api/v1/applications", body, content_type="application/json")
    assert response.status_code == 422
    assert {"id_number", "items", "phone"} <= set(response.json()["errors"])
    assert not Application.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_lists_are_scoped_and_masked(client, api, people, tree):
    submit(client, tree)
    mine = api.get("clerk", "/cases", queue="intake").json()
    assert mine["count"] == 1 and mine["results"][0]["applicant"] == "王*明"
    assert api.get("other_handler", "/cases", queue="open").json()["count"] == 0
    assert api.get("clerk", "/cases", queue="nope").status_code == 422


@time_machine.travel(NOW, tick=False)
def test_personal_data_and_letters_by_api_are_audited(client, api, people, tree):
    case = submit(client, tree)
    api.act("clerk", case.public_id, "accept")
    personal = api.get("clerk", f"/cases/{case.public_id}/personal", purpose="送达")
    assert personal.status_code == 200 and personal.json()["id_number"] == VALID_ID
    assert AuditEvent.objects.filter(action="case.personal_data_view", actor="clerk").exists()
    assert api.get("other_head", f"/cases/{case.public_id}/personal").status_code == 404
    letter = api.get("clerk", f"/cases/{case.public_id}").json()["letters"][0]
    docx = api.get("clerk", f"/cases/{case.public_id}/letters/{letter['id']}", format="docx")
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
