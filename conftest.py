"""Shared fixtures: a small organ tree and staff, built through the real services."""

from __future__ import annotations

import pytest

from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Role, Scope
from gongkai.orgs.services import organ_create, staff_create

VALID_CODES = [  # real published 统一社会信用代码 formats, check characters computed per GB 32100
    "11441700007280420Y",
]


@pytest.fixture(autouse=True)
def _fast_hashing(settings, request):
    if "argon2" not in request.keywords:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db):
    """A district government with two departments and a town."""
    from gongkai.orgs.demo import demo_credit_code

    gov = organ_create(
        actor=None,
        code="dist",
        name="江州市青山区人民政府",
        short_name="区政府",
        level=Organ.Level.GOVERNMENT,
        credit_code=demo_credit_code(1),
    )
    a = organ_create(
        actor=None,
        code="dist-a",
        name="江州市青山区教育局",
        short_name="区教育局",
        level=Organ.Level.DEPARTMENT,
        parent=gov,
        credit_code=demo_credit_code(2),
    )
    b = organ_create(
        actor=None,
        code="dist-b",
        name="江州市青山区民政局",
        short_name="区民政局",
        level=Organ.Level.DEPARTMENT,
        parent=gov,
        credit_code=demo_credit_code(3),
    )
    town = organ_create(
        actor=None,
        code="dist-t",
        name="江州市青山区新桥镇人民政府",
        short_name="新桥镇",
        level=Organ.Level.TOWNSHIP,
        parent=gov,
    )
    return {"gov": gov, "a": a, "b": b, "town": town}


@pytest.fixture
def make_staff(db):
    counter = iter(range(1, 10_000))

    def make(organ, role=Role.HANDLER, scope=Scope.ORGAN, username=None, **kwargs):
        return staff_create(
            actor=None,
            username=username or f"staff{next(counter)}",
            password="Correct-Horse-42",
            memberships=[(organ, role, scope)],
            **kwargs,
        )

    return make
