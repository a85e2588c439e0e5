"""A department that receives applications, with every role, built through the services."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.cases.models import ApplicantType, Channel, Delivery
from gongkai.cases.services import ApplicantData, ItemData, Submission, application_register
from gongkai.orgs.roles import Role, Scope

SHANGHAI = ZoneInfo("Asia/Shanghai")
# GB 11643-1999's own worked example, and another valid number (check digits per the standard).
VALID_ID = "11010519491231002X"
OTHER_VALID_ID = "440524188001010014"


@pytest.fixture
def people(tree, make_staff):
    a, gov = tree["a"], tree["gov"]
    return {
        "clerk": make_staff(a, Role.HANDLER, username="clerk"),
        "handler": make_staff(a, Role.HANDLER, username="handler"),
        "head": make_staff(a, Role.SECTION_HEAD, username="head"),
        "leader": make_staff(a, Role.LEADER, username="leader"),
        "legal": make_staff(gov, Role.LEGAL, Scope.SUBTREE, username="legal"),
        "ogi_head": make_staff(gov, Role.OGI_HEAD, Scope.SUBTREE, username="ogi_head"),
        "other_handler": make_staff(tree["b"], Role.HANDLER, username="other_handler"),
        "other_head": make_staff(tree["b"], Role.SECTION_HEAD, username="other_head"),
    }


def person(**overrides) -> ApplicantData:
    data = dict(
        applicant_type=ApplicantType.NP,
        name="张三丰",
        id_number=VALID_ID,
        phone="13800138000",
        address="江州市青山区人民路1号",
        postcode="519900",
        email="zsf@example.com",
    )
    data.update(overrides)
    return ApplicantData(**data)


def company(**overrides) -> ApplicantData:
    data = dict(
        applicant_type=ApplicantType.COM,
        organisation_name="江州市某某科技有限公司",
        credit_code="91350100M000100Y43",
        legal_representative="李四",
        contact_person="王五",
        phone="0799-88886666",
        address="江州市青山区科技路8号",
    )
    data.update(overrides)
    return ApplicantData(**data)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI)


@pytest.fixture
def register(tree, people):
    def make(
        *,
        applicant=None,
        items=("2025年区教育局义务教育学校招生计划",),
        channel=Channel.IN_PERSON,
        received="2026-11-02",
        organ=None,
        actor=None,
        delivery=Delivery.POST,
    ):
        submission = Submission(
            applicant=applicant or person(),
            items=[ItemData(d) for d in items],
            channel=channel,
            delivery_method=delivery,
        )
        received_on = date.fromisoformat(received) if received else None
        return application_register(
            actor=actor if actor is not None else people["clerk"],
            organ=organ or tree["a"],
            submission=submission,
            submitted_at=at(received or "2026-11-02"),
            received_on=received_on if channel != Channel.IN_PERSON else None,
        )

    return make
