"""Platform endpoints: who am I, organs, deadline computation."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from gongkai.calendars import deadlines as engine
from gongkai.calendars.selectors import work_calendar
from gongkai.core.errors import InvalidInput
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import memberships_of, organs_for

router = Router(tags=["platform"])


class RoleOut(Schema):
    organ: str
    organ_name: str
    role: str
    scope: str


class MeOut(Schema):
    username: str
    display_name: str
    is_superuser: bool
    roles: list[RoleOut]


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request):
    user = request.auth
    return {
        "username": user.username,
        "display_name": user.display_name,
        "is_superuser": user.is_superuser,
        "roles": [
            {"organ": m.organ.code, "organ_name": m.organ.name, "role": m.role, "scope": m.scope}
            for m in memberships_of(user)
        ],
    }


class OrganOut(Schema):
    code: str
    name: str
    short_name: str
    level: str
    parent: str | None
    credit_code: str | None
    office_name: str
    office_address: str
    office_hours: str
    office_phone: str
    office_fax: str
    office_email: str


@router.get(
    "/organs",
    response=list[OrganOut],
    auth=None,
    summary="机关及其政府信息公开工作机构（公开信息）",
)
def organ_list(request):
    organs = Organ.objects.filter(is_active=True).select_related("parent")
    return [
        {
            **{f: getattr(o, f) for f in OrganOut.model_fields if f != "parent"},
            "parent": o.parent.code if o.parent else None,
        }
        for o in organs
    ]


class DeadlineIn(Schema):
    received: date
    corrected: date | None = None
    pauses: list[tuple[date, date]] = []
    extension: int = 0
    organ: str | None = None


class DeadlineOut(Schema):
    rule: str
    title: str
    due: date
    internal_due: date
    calendar_confirmed: bool
    explanation: list[str]


class DeadlinesOut(Schema):
    reply: DeadlineOut
    correction_notice: DeadlineOut


def _deadline_out(result: engine.Deadline) -> dict:
    return {
        "rule": result.rule.code,
        "title": result.rule.title,
        "due": result.due,
        "internal_due": result.internal_due,
        "calendar_confirmed": result.confirmed,
        "explanation": list(result.explanation),
    }


@router.post("/deadlines/compute", response=DeadlinesOut, summary="计算答复期限与补正告知期限")
def deadline_compute(request, payload: DeadlineIn):
    organ = None
    if payload.organ:
        organ = (
            organs_for(request.auth, Capability.DEADLINE_VIEW).filter(code=payload.organ).first()
        )
        if organ is None:
            raise InvalidInput("未知机关或无权使用该机关的日历", field="organ")
    calendar = work_calendar(organ.jurisdiction if organ else None)
    try:
        pauses = [engine.Pause(a, b, "暂停计算") for a, b in payload.pauses]
        reply = engine.reply_due(
            calendar,
            received=payload.received,
            corrected=payload.corrected,
            pauses=pauses,
            extension=payload.extension,
        )
    except engine.DeadlineInputError as exc:
        raise InvalidInput(str(exc), code="deadline_input") from None
    return {
        "reply": _deadline_out(reply),
        "correction_notice": _deadline_out(
            engine.correction_notice_due(calendar, received=payload.received)
        ),
    }
