"""Import from the previous system (issue #3 item 9): an organ adopting Gongkai mid-year brings
its earlier cases so this year's report is complete.

One JSON object per line: ``ref`` (old case number; re-importing the same ref for the organ
updates in place), ``received_on``, ``applicant_type`` (NP/COM/RES/NGO/LAW/OTH),
``applicant_name``, ``description``, ``closed_on`` (or null while open), ``outcome`` (a table-三
row code R3.1 … R3.6.3, required when closed) and optionally ``remedies``
(``[{"kind", "filed_on", "result"}]``). Other keys are ignored. Imported cases are marked as such
and are not held to the intake rules (no identity number, no receipt letter).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from gongkai.cases.models import Applicant, ApplicantType, Application, Channel, Item, Remedy
from gongkai.cases.services.common import (
    close_deadlines,
    event,
    new_tracking_code,
    sync_reply_deadline,
)
from gongkai.cases.workflow import State
from gongkai.core.crypto import blind_index, encrypt, mask_name
from gongkai.reports.statistics import OUTCOME_ROWS

REMEDY_KINDS = {k.value for k in Remedy.Kind}
REMEDY_RESULTS = {r.value for r in Remedy.Result}


class ImportLineError(ValueError):
    pass


@dataclass(frozen=True)
class ImportRecord:
    ref: str
    received_on: date
    applicant_type: str
    applicant_name: str
    description: str
    closed_on: date | None
    outcome: str
    remedies: tuple[tuple[str, date, str], ...]


def _date(value, key: str) -> date:
    if not isinstance(value, str):
        raise ImportLineError(f"{key} 应为 YYYY-MM-DD 格式的字符串")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImportLineError(f"{key} 日期“{value}”无效，应为 YYYY-MM-DD") from None


def _text(data: dict, key: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ImportLineError(f"缺少 {key}")
    if len(value) > limit:
        raise ImportLineError(f"{key} 过长（最多{limit}字）")
    return value.strip()


def parse_import_line(line: str) -> ImportRecord:
    """One line → a record, or ImportLineError naming the key and the reason."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ImportLineError(f"不是有效的 JSON（{exc.msg}）") from None
    if not isinstance(data, dict):
        raise ImportLineError("每行应为一个 JSON 对象")
    ref = data.get("ref")
    if isinstance(ref, int):
        ref = str(ref)
    if not isinstance(ref, str) or not ref.strip():
        raise ImportLineError("缺少 ref（原系统案件编号）")
    if len(ref) > 64:
        raise ImportLineError("ref 过长（最多64个字符）")
    received_on = _date(data.get("received_on"), "received_on")
    applicant_type = data.get("applicant_type")
    if applicant_type not in ApplicantType.values:
        raise ImportLineError(
            f"applicant_type 应为 {'/'.join(ApplicantType.values)} 之一，收到“{applicant_type}”"
        )
    closed_raw = data.get("closed_on")
    closed_on = None if closed_raw is None else _date(closed_raw, "closed_on")
    outcome = data.get("outcome")
    if closed_on is not None:
        if outcome not in OUTCOME_ROWS:
            raise ImportLineError(f"已办结的申请须有 outcome（R3.1 … R3.6.3），收到“{outcome}”")
        if closed_on < received_on:
            raise ImportLineError("closed_on 早于 received_on")
    elif outcome not in (None, ""):
        if outcome not in OUTCOME_ROWS:
            raise ImportLineError(f"outcome 应为 R3.1 … R3.6.3，收到“{outcome}”")
        raise ImportLineError("未办结（closed_on 为 null）的申请不应有 outcome")
    remedies = []
    raw_remedies = data.get("remedies") or []
    if not isinstance(raw_remedies, list):
        raise ImportLineError("remedies 应为列表")
    for n, remedy in enumerate(raw_remedies, start=1):
        if not isinstance(remedy, dict):
            raise ImportLineError(f"remedies 第{n}项应为对象")
        kind, result = remedy.get("kind"), remedy.get("result")
        if kind not in REMEDY_KINDS:
            raise ImportLineError(
                f"remedies 第{n}项 kind 应为 {'/'.join(sorted(REMEDY_KINDS))} 之一"
            )
        if result not in REMEDY_RESULTS:
            raise ImportLineError(
                f"remedies 第{n}项 result 应为 {'/'.join(sorted(REMEDY_RESULTS))} 之一"
            )
        filed_on = _date(remedy.get("filed_on"), f"remedies 第{n}项 filed_on")
        if filed_on < received_on:
            raise ImportLineError(f"remedies 第{n}项 filed_on 早于 received_on")
        remedies.append((kind, filed_on, result))
    return ImportRecord(
        ref=ref.strip(),
        received_on=received_on,
        applicant_type=applicant_type,
        applicant_name=_text(data, "applicant_name", 200),
        description=_text(data, "description", 5000),
        closed_on=closed_on,
        outcome=outcome or "",
        remedies=tuple(remedies),
    )


@transaction.atomic
def application_import(*, organ, record: ImportRecord) -> tuple[Application, bool]:
    """Create or update (same organ + ref) an imported case. Returns (case, created)."""
    existing = (
        Application.objects.select_for_update().filter(organ=organ, import_ref=record.ref).first()
    )
    state = State.ARCHIVED if record.closed_on else State.ACCEPTED
    submitted_at = timezone.make_aware(datetime.combine(record.received_on, time(9)))
    summary = record.description[:80]
    if existing is None:
        case = Application.objects.create(
            number=f"导入-{record.ref}"[:40],
            tracking_code=new_tracking_code(),
            organ=organ,
            handling_organ=organ,
            state=state,
            channel=Channel.OTHER,
            submitted_at=submitted_at,
            received_on=record.received_on,
            applicant_type=record.applicant_type,
            applicant_key=blind_index(record.applicant_name, purpose="imported"),
            summary=summary,
            closed_on=record.closed_on,
            outcome_row=record.outcome,
            is_imported=True,
            import_ref=record.ref,
        )
        Applicant.objects.create(
            application=case,
            name_enc=encrypt(record.applicant_name),
            name_masked=mask_name(record.applicant_name),
        )
        Item.objects.create(
            application=case, position=1, description=record.description, row=record.outcome
        )
        created = True
    else:
        case = existing
        case.state, case.received_on, case.applicant_type = (
            state,
            record.received_on,
            record.applicant_type,
        )
        case.submitted_at, case.summary = submitted_at, summary
        case.closed_on, case.outcome_row = record.closed_on, record.outcome
        case.version += 1
        case.save()
        Applicant.objects.filter(application=case).update(
            name_enc=encrypt(record.applicant_name), name_masked=mask_name(record.applicant_name)
        )
        Item.objects.filter(application=case, position=1).update(
            description=record.description, row=record.outcome
        )
        case.remedies.all().delete()
        created = False
    Remedy.objects.bulk_create(
        [
            Remedy(application=case, kind=kind, filed_on=filed_on, result=result)
            for kind, filed_on, result in record.remedies
        ]
    )
    if record.closed_on:
        close_deadlines(case)
    else:
        sync_reply_deadline(case, reason="从原系统导入")
    event(
        case,
        actor=None,
        action="import",
        label="从原系统导入" if created else "原系统数据更新",
        data={"ref": record.ref, "closed": bool(record.closed_on), "row": record.outcome},
    )
    return case, created
