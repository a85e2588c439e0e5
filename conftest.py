"""Shared fixtures: a small organ tree and staff, built through the real services."""

from __future__ import annotations

import pytest

from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Role, Scope
from gongkai.orgs.services import organ_create, staff_create

VALID_CODES = [  # real published 统一社会信用代码 formats, check characters computed per GB 32100
    "11441700007280420Y",
]


def ensure_seed_data() -> None:
    """The rows the migrations seed (national calendar, audit chain head). Transactional tests
    flush every table; this restores them from the same seed the migrations use."""
    from gongkai.calendars.models import CalendarDay, CalendarYear, Jurisdiction
    from gongkai.calendars.seed import SEED_SOURCE, seed_entries, seed_years
    from gongkai.core.models import AuditHead

    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": "0" * 64})
    nation, created = Jurisdiction.objects.get_or_create(code="CN", defaults={"name": "全国"})
    if created or not CalendarDay.objects.filter(jurisdiction=nation).exists():
        CalendarYear.objects.bulk_create(
            [
                CalendarYear(jurisdiction=nation, year=y, confirmed=True, source=SEED_SOURCE)
                for y in seed_years()
            ],
            ignore_conflicts=True,
        )
        CalendarDay.objects.bulk_create(
            [
                CalendarDay(jurisdiction=nation, date=d, kind=k, name=n)
                for d, k, n in seed_entries()
            ],
            ignore_conflicts=True,
        )


@pytest.fixture(autouse=True)
def _seed_after_flush(request):
    """Database tests start with the seeded rows even after a transactional test (browser,
    concurrency) flushed the tables on this worker."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        ensure_seed_data()


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
