"""Audit log services: append an event, verify the chain.

Every state change and every view of personal data is recorded explicitly by the service that
does it (never from signals). Event data must not contain personal data itself — record which
fields were viewed or changed, not their values.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from gongkai.core.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64


def _canonical(value: Any) -> Any:
    """Round-trip through JSON so what is hashed is exactly what the database gives back."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _digest(
    *,
    seq: int,
    created_at,
    actor_id,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    organ_id,
    data,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            seq,
            created_at.astimezone(UTC).isoformat(),
            actor_id,
            actor,
            action,
            target_type,
            target_id,
            organ_id,
            data,
            prev_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    organ_id: int | None = None,
    data: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain (审计留痕), in the caller's transaction."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
    actor_id = getattr(actor, "pk", None)
    actor_label = getattr(actor, "username", "") if actor is not None else "system"
    data = _canonical(data or {})
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().get(pk=1)
        seq = head.seq + 1
        created_at = timezone.now()
        fields = dict(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor=actor_label,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            organ_id=organ_id,
            data=data,
            prev_hash=head.hash,
        )
        event = AuditEvent.objects.create(**fields, hash=_digest(**fields))
        head.seq, head.hash = seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    problem: str = ""
    seq: int | None = None


def audit_verify(events: Iterable[AuditEvent] | None = None) -> ChainReport:
    """Recompute every hash and link; report the first break (changed, missing or reordered row)."""
    rows = events if events is not None else AuditEvent.objects.order_by("seq").iterator(2000)
    prev_hash, expected_seq, checked = GENESIS_HASH, 1, 0
    for event in rows:
        if event.seq != expected_seq:
            return ChainReport(False, checked, f"缺少第 {expected_seq} 条记录", event.seq)
        if event.prev_hash != prev_hash:
            return ChainReport(False, checked, "前一条哈希不符（记录被删除或替换）", event.seq)
        recomputed = _digest(
            seq=event.seq,
            created_at=event.created_at,
            actor_id=event.actor_id,
            actor=event.actor,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            organ_id=event.organ_id,
            data=_canonical(event.data),
            prev_hash=event.prev_hash,
        )
        if recomputed != event.hash:
            return ChainReport(False, checked, "内容与哈希不符（记录被篡改）", event.seq)
        prev_hash, expected_seq, checked = event.hash, expected_seq + 1, checked + 1
    if events is None:
        head = AuditHead.objects.get(pk=1)
        if head.seq != checked or head.hash != prev_hash:
            return ChainReport(False, checked, "链尾与链头不符（末尾记录被删除）", head.seq)
    return ChainReport(True, checked)
