"""Fixtures for proactive disclosure: a cast of staff in department ``a`` (经办人, 科室负责人,
分管领导, the district's 公开办负责人, 保密审查员, 信息发布员) and helpers that walk a document through
the real services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gongkai.orgs.roles import Role, Scope
from gongkai.publications.models import Category, Document
from gongkai.publications.services.documents import document_create, document_transition

TODAY = datetime(2026, 11, 21, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _seeded_categories(request):
    """The migration-seeded 主题分类 tree, restored after a transactional test (browser) flushed
    the tables on this worker."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        from gongkai.publications.data.categories import seed_categories

        seed_categories(Category)


@pytest.fixture(autouse=True)
def _today():
    """These tests state dates from the law and the issue: "today" is Saturday 21 November 2026."""
    with time_machine.travel(TODAY, tick=True):
        yield


@dataclass
class Cast:
    handler: object
    head: object
    leader: object
    ogi_head: object
    secrecy: object
    publisher: object
    organ: object

    @property
    def reviewers(self):
        return [self.head, self.leader, self.ogi_head]


@pytest.fixture
def cast(tree, make_staff) -> Cast:
    a = tree["a"]
    return Cast(
        handler=make_staff(a, Role.HANDLER, username="a_handler"),
        head=make_staff(a, Role.SECTION_HEAD, username="a_head"),
        leader=make_staff(a, Role.LEADER, username="a_leader"),
        ogi_head=make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="gkb_head"),
        secrecy=make_staff(a, Role.SECRECY, username="a_secrecy"),
        publisher=make_staff(a, Role.PUBLISHER, username="a_publisher"),
        organ=a,
    )


@pytest.fixture
def category(db) -> Category:
    return Category.objects.get(code="0101")  # 综合政务\政务公开, seeded by migration


@pytest.fixture
def draft(cast, category):
    """``draft(**fields)`` — a complete draft of department a, drafted by its handler."""

    def make(**fields) -> Document:
        values = {
            "title": "关于做好2026年政务公开工作的通知",
            "kind": "notice",
            "genre": "notice",
            "body": "各科室：现将有关事项通知如下。",
            "formed_on": date(2026, 11, 2),
            "category": category,
        }
        values.update(fields)
        organ = values.pop("organ", cast.organ)
        actor = values.pop("actor", cast.handler)
        return document_create(actor=actor, organ=organ, **values)

    return make


@pytest.fixture
def approve(cast):
    """Walk a draft through submit, every review step and 保密审查 (to ``approved``)."""

    def walk(document: Document, *, now=None) -> Document:
        extra = {"now": now} if now else {}
        document = document_transition(
            actor=cast.handler, document=document, action="submit", **extra
        )
        for reviewer in cast.reviewers[: len(document.review_chain)]:
            document = document_transition(
                actor=reviewer, document=document, action="approve", **extra
            )
        return document_transition(
            actor=cast.secrecy, document=document, action="secrecy_approve", **extra
        )

    return walk


@pytest.fixture
def published(cast, draft, approve):
    """``published(**fields)`` — a document through the whole chain and published."""

    def make(**fields) -> Document:
        document = approve(draft(**fields))
        return document_transition(actor=cast.publisher, document=document, action="publish")

    return make
