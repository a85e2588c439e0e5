"""Admin for the configuration: saves go through the services (pattern rules, audit)."""

from __future__ import annotations

import pytest

from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role, Scope
from gongkai.publications.models import Category, PublicationSettings

pytestmark = pytest.mark.django_db


def steps(*rows) -> dict:
    data = {
        "steps-TOTAL_FORMS": str(len(rows)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for n, (position, name, role) in enumerate(rows):
        data |= {f"steps-{n}-position": position, f"steps-{n}-name": name, f"steps-{n}-role": role}
    return data


@pytest.fixture
def admin_client(client, tree, make_staff):
    client.force_login(make_staff(tree["gov"], Role.ADMIN, Scope.SUBTREE))
    return client


def test_settings_with_review_chain(admin_client, tree):
    url = "/admin/publications/publicationsettings/add/"
    bad = admin_client.post(
        url,
        {
            "organ": tree["a"].pk,
            "index_pattern": "{year}-{seq}",
            "require_interpretation": "on",
            "evaluation_months": "12",
            **steps(("1", "初审", "section_head")),
        },
        follow=True,
    )
    assert "缺少 {credit_code} 或 {organ_code}" in bad.content.decode()
    assert not PublicationSettings.objects.exists()
    admin_client.post(
        url,
        {
            "organ": tree["a"].pk,
            "index_pattern": "{organ_code}/{year}-{seq:05d}",
            "require_interpretation": "on",
            "evaluation_months": "24",
            **steps(("2", "终审", "ogi_head"), ("1", "初审", "section_head")),
        },
    )
    saved = PublicationSettings.objects.get(organ=tree["a"])
    assert saved.evaluation_months == 24
    assert list(saved.steps.values_list("position", "name", "role")) == [
        (1, "初审", "section_head"),
        (2, "终审", "ogi_head"),
    ]
    assert AuditEvent.objects.filter(action="publications.settings").count() == 1


def test_category_admin_keeps_full_names(admin_client):
    parent = Category.objects.get(code="01")
    admin_client.post(
        "/admin/publications/category/add/",
        {
            "code": "0106",
            "name": "政务服务",
            "parent": parent.pk,
            "sort_order": "6",
            "is_active": "on",
        },
    )
    created = Category.objects.get(code="0106")
    assert created.label == "综合政务\\政务服务" and created.path == "/01/0106/"
    admin_client.post(
        f"/admin/publications/category/{parent.pk}/change/",
        {"code": "01", "name": "综合政务类", "sort_order": "1", "is_active": "on"},
    )
    created.refresh_from_db()
    assert created.label == "综合政务类\\政务服务"


def test_non_admins_have_no_access(client, cast):
    client.force_login(cast.ogi_head)
    assert client.get("/admin/publications/publicationsettings/").status_code == 302
