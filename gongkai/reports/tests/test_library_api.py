"""The report-library API: every endpoint's contract, permissions and error codes."""

from __future__ import annotations

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.api.services import api_token_create
from gongkai.orgs.roles import Role
from gongkai.reports.models import LibraryReport
from gongkai.reports.tests.library_samples import seed

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _, key = api_token_create(actor=None, user=user, name="test")
    return {"Authorization": f"Bearer {key}"}


def test_list(client, library):
    auth = bearer(library["ogi"])
    data = client.get("/api/v1/library/reports", headers=auth).json()
    assert data["count"] == 7
    first = data["results"][0]
    assert {k: first[k] for k in ("kind", "organ", "year", "applications_new", "empty_tables")} == {
        "kind": "parsed",
        "organ": "panyu-data",
        "year": 2022,
        "applications_new": 2,
        "empty_tables": ["表二", "表三", "表四"],
    }
    assert first["flags"][0]["rule"] == "tables_empty"
    generated = client.get(
        "/api/v1/library/reports", {"kind": "generated", "limit": 1}, headers=auth
    ).json()
    assert generated["count"] == 2 and len(generated["results"]) == 1
    assert (
        generated["results"][0]["year"] == 2022 and generated["results"][0]["organ"] == "panyu-edu"
    )
    flagged = client.get("/api/v1/library/reports", {"flagged": "true"}, headers=auth).json()
    assert flagged["count"] == 6
    bad = client.get("/api/v1/library/reports", {"kind": "draft"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert client.get("/api/v1/library/reports").status_code == 401


def test_get_one_report(client, library):
    report = LibraryReport.objects.get(organ__code="panyu-data", year=2022)
    response = client.get(
        f"/api/v1/library/reports/parsed/{report.pk}", headers=bearer(library["ogi"])
    )
    data = response.json()
    assert response.status_code == 200
    assert data["statistics"]["applications"]["R1"]["TOT"] == 2
    assert "受理政府信息公開申請2宗" in data["statistics"]["evidence"]["applications.R1.TOT"]
    assert data["summary"] == {"applications_new": 2}
    assert data["indicators"]["applications_new"] == 2
    assert data["indicators"]["concluded"] is None  # not stated
    assert [w["rule"] for w in data["warnings"]].count("table_empty") == 3
    # the department handler may not see the 政数局's reports
    hidden = client.get(
        f"/api/v1/library/reports/parsed/{report.pk}", headers=bearer(library["edu_handler"])
    )
    assert hidden.status_code == 404 and hidden.json()["code"] == "not_found"


def test_compare(client, library):
    auth = bearer(library["ogi"])
    query = {"subjects": ["o:panyu-edu", "a:广州市南沙区政府"], "year_from": 2019, "year_to": 2022}
    data = client.get("/api/v1/library/compare", query, headers=auth).json()
    assert [s["key"] for s in data["subjects"]] == ["o:panyu-edu", "a:广州市南沙区政府"]
    assert data["years"] == [2019, 2020, 2021, 2022]
    rows = {(r["subject"], r["year"]): r for r in data["rows"]}
    assert len(rows) == 8
    edu = rows[("o:panyu-edu", 2022)]
    assert edu["kind"] == "generated" and edu["indicators"]["outcomes"]["withhold"] == 5
    assert edu["indicators"]["review_rate"] == 0.0  # no review of 45 concluded
    assert edu["flags"][0]["rule"] == "sudden_jump"
    assert rows[("o:panyu-edu", 2019)]["indicators"] is None
    # 2019年,我区共受理信息公开申请964件 (seed 001)
    assert rows[("a:广州市南沙区政府", 2019)]["indicators"]["applications_new"] == 964


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"subjects": ["o:nope"], "year_from": 2020, "year_to": 2022}, "subjects"),
        ({"subjects": ["o:panyu-edu"], "year_from": 2022, "year_to": 2020}, "year_to"),
        ({"subjects": ["o:panyu-edu"], "year_from": 2000, "year_to": 2022}, "year_to"),
        ({"subjects": ["o:panyu-data"], "year_from": 2020, "year_to": 2022}, "subjects"),  # hidden
    ],
)
def test_compare_errors(client, library, query, field):
    response = client.get("/api/v1/library/compare", query, headers=bearer(library["edu_handler"]))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and response.json()["field"] == field


def test_import(client, panyu, make_staff):
    auth = bearer(make_staff(panyu["data"], Role.HANDLER))
    data, name = seed("000")
    response = client.post(
        "/api/v1/library/reports", {"file": SimpleUploadedFile(name, data)}, headers=auth
    )
    assert response.status_code == 201
    body = response.json()
    assert body["created"] is True
    assert body["report"]["organ"] == "panyu-data" and body["report"]["year"] == 2022
    again = client.post(
        "/api/v1/library/reports", {"file": SimpleUploadedFile(name, data)}, headers=auth
    )
    assert again.status_code == 200 and again.json()["created"] is False
    assert again.json()["report"]["id"] == body["report"]["id"]
    assert LibraryReport.objects.count() == 1


def test_import_errors(client, panyu, tree, make_staff):
    data, name = seed("000")  # 广州市番禺区政务服务数据管理局
    elsewhere = bearer(make_staff(tree["a"], Role.HANDLER))
    response = client.post(
        "/api/v1/library/reports", {"file": SimpleUploadedFile(name, data)}, headers=elsewhere
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    bad = client.post(
        "/api/v1/library/reports",
        {"file": SimpleUploadedFile("x.pdf", b"\x00\x01\x02\xff" * 40)},
        headers=elsewhere,
    )
    assert bad.status_code == 422
    assert bad.json()["code"] == "unreadable" and bad.json()["field"] == "file"
    forced = client.post(
        "/api/v1/library/reports",
        {"file": SimpleUploadedFile(name, data), "organ": "panyu-data"},
        headers=elsewhere,
    )
    assert forced.status_code == 422 and forced.json()["field"] == "organ"
    missing = client.post("/api/v1/library/reports", {}, headers=elsewhere)
    assert missing.status_code == 422 and missing.json()["code"] == "invalid"
    assert client.post("/api/v1/library/reports", {}).status_code == 401
    assert not LibraryReport.objects.exists()
