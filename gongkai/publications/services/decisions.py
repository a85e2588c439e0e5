"""Bulk import of administrative decision records and fee receipts (table 二 第二十条第（五）
（六）（八）项) from CSV or XLSX. Every row is validated first; if any row is wrong nothing is
imported and the error report lists each bad row with its number (row 1 is the header). Importing
the same file again updates the same records (organ + category + 文书号 identify a record)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can
from gongkai.publications.models import DecisionImport, DecisionKind, DecisionRecord

MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024

# Column → accepted header spellings (Chinese first).
COLUMNS = {
    "kind": ("类别", "类型", "kind"),
    "reference": ("文书号", "决定文书号", "编号", "票据号", "reference"),
    "matter": ("事项名称", "事项", "matter"),
    "decided_on": ("决定日期", "日期", "decided_on"),
    "amount": ("金额（元）", "金额(元)", "金额", "amount"),
}
REQUIRED = ("kind", "reference", "matter", "decided_on")
KIND_NAMES = {
    **{k.value: k.value for k in DecisionKind},
    **{k.label: k.value for k in DecisionKind},
    "许可": DecisionKind.LICENSING.value,
    "处罚": DecisionKind.PUNISHMENT.value,
    "强制": DecisionKind.ENFORCEMENT.value,
    "收费": DecisionKind.FEE.value,
}


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}" if self.row else self.message


class DecisionImportRejected(InvalidInput):
    """The file was not imported; ``rows`` says why, row by row."""

    code = "import_rejected"

    def __init__(self, rows: list[RowError]):
        self.rows = rows
        super().__init__(
            f"导入失败：{len(rows)} 处错误，未导入任何记录",
            errors={"rows": [str(r) for r in rows]},
        )


@dataclass
class DecisionImportResult:
    batch: DecisionImport
    created: int
    updated: int
    by_kind: dict[str, int] = field(default_factory=dict)


def _read_rows(data: bytes, filename: str) -> list[list]:
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a broken file
            raise DecisionImportRejected(
                [RowError(0, "无法读取 XLSX 文件（文件损坏或不是 XLSX）")]
            ) from None
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte string
            raise DecisionImportRejected([RowError(0, "无法识别 CSV 文件的编码")])
        return [row for row in csv.reader(io.StringIO(text))]
    raise DecisionImportRejected([RowError(0, "只接受 .csv 或 .xlsx 文件")])


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", text)
    if not match:
        raise ValueError
    return date(*map(int, match.groups()))


def _amount(value) -> Decimal:
    text = _text(value).replace(",", "").replace("，", "")
    amount = Decimal(text)
    if not amount.is_finite() or amount < 0:
        raise InvalidOperation
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidOperation
    return amount


def parse_decisions(data: bytes, filename: str) -> list[dict]:
    """Validate every row; raise :class:`DecisionImportRejected` listing all problems."""
    if len(data) > MAX_BYTES:
        raise DecisionImportRejected([RowError(0, "文件过大（上限 50 MB）")])
    rows = [r for r in _read_rows(data, filename)]
    while rows and not any(_text(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise DecisionImportRejected([RowError(0, "文件为空")])
    header = [_text(h) for h in rows[0]]
    positions: dict[str, int] = {}
    for column, names in COLUMNS.items():
        for i, h in enumerate(header):
            if h in names:
                positions[column] = i
                break
    missing = [COLUMNS[c][0] for c in REQUIRED if c not in positions]
    if missing:
        raise DecisionImportRejected(
            [RowError(1, "缺少列：" + "、".join(missing) + "（表头须为第一行）")]
        )
    if len(rows) - 1 > MAX_ROWS:
        raise DecisionImportRejected([RowError(0, f"行数过多（每个文件最多 {MAX_ROWS} 行）")])
    today = timezone.localdate()
    errors: list[RowError] = []
    parsed: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(_text(v) for v in row):
            continue

        def cell(column: str, row=row):
            i = positions.get(column)
            return row[i] if i is not None and i < len(row) else None

        problems = []
        kind = KIND_NAMES.get(_text(cell("kind")))
        if kind is None:
            problems.append(
                f"类别“{_text(cell('kind'))}”无效（应为行政许可、行政处罚、行政强制或行政事业性收费）"
            )
        reference = _text(cell("reference"))
        if not reference:
            problems.append("缺少文书号")
        elif len(reference) > 100:
            problems.append("文书号超过100个字符")
        matter = _text(cell("matter"))
        if not matter:
            problems.append("缺少事项名称")
        elif len(matter) > 300:
            problems.append("事项名称超过300个字符")
        decided_on = None
        try:
            decided_on = _date(cell("decided_on"))
            if decided_on > today:
                problems.append("决定日期晚于今天")
                decided_on = None
        except ValueError:
            problems.append(f"决定日期“{_text(cell('decided_on'))}”无效（应为 YYYY-MM-DD）")
        amount = None
        raw_amount = _text(cell("amount"))
        if raw_amount:
            try:
                amount = _amount(raw_amount)
            except (InvalidOperation, ValueError):
                problems.append(f"金额“{raw_amount}”无效（应为不小于0、最多两位小数的数字）")
        elif kind == DecisionKind.FEE:
            problems.append("行政事业性收费须填写金额")
        if kind and reference:
            first = seen.setdefault((kind, reference), number)
            if first != number:
                problems.append(f"与第{first}行的文书号重复")
        if problems:
            errors.append(RowError(number, "；".join(problems)))
            continue
        parsed.append(
            {
                "kind": kind,
                "reference": reference,
                "matter": matter,
                "decided_on": decided_on,
                "amount": amount,
            }
        )
    if errors:
        raise DecisionImportRejected(errors)
    if not parsed:
        raise DecisionImportRejected([RowError(0, "文件中没有数据行")])
    return parsed


@transaction.atomic
def decisions_import(*, actor, organ: Organ, data: bytes, filename: str) -> DecisionImportResult:
    """All rows or none. Requires REPORT_COMPILE (these records are table 二's figures)."""
    if actor is not None and not user_can(actor, Capability.REPORT_COMPILE, organ):
        raise NotAllowed(f"无权为“{organ.short_name}”导入行政决定数据")
    rows = parse_decisions(data, filename)
    batch = DecisionImport.objects.create(
        organ=organ, created_by=actor, filename=PurePath(filename).name[:200], rows=len(rows)
    )
    existing: dict[tuple[str, str], DecisionRecord] = {}
    references = {r["reference"] for r in rows}
    chunk = list(references)
    for start in range(0, len(chunk), 500):
        for record in DecisionRecord.objects.filter(
            organ=organ, reference__in=chunk[start : start + 500]
        ):
            existing[(record.kind, record.reference)] = record
    new, changed = [], []
    by_kind: dict[str, int] = {}
    for row in rows:
        by_kind[row["kind"]] = by_kind.get(row["kind"], 0) + 1
        record = existing.get((row["kind"], row["reference"]))
        if record is None:
            new.append(DecisionRecord(organ=organ, batch=batch, **row))
            continue
        if any(getattr(record, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(record, k, v)
            record.batch = batch
            changed.append(record)
    DecisionRecord.objects.bulk_create(new, batch_size=1000)
    DecisionRecord.objects.bulk_update(
        changed, ["matter", "decided_on", "amount", "batch"], batch_size=1000
    )
    batch.created, batch.updated = len(new), len(changed)
    batch.save(update_fields=["created", "updated"])
    audit_record(
        actor=actor,
        action="decisions.import",
        target=batch,
        organ_id=organ.pk,
        data={"rows": len(rows), "created": len(new), "updated": len(changed), **by_kind},
    )
    return DecisionImportResult(batch, len(new), len(changed), by_kind)
