"""The JSONL import contract (issue 5 item 8) — other tools depend on it, keep it exact.

``gongkai publications import FILE.jsonl [--organ CODE]``: one JSON object per line with
``title``, ``body`` (plain text or HTML), ``organ`` (code or full name), ``doc_number``,
``issued_on`` (成文日期), ``published_on``, ``category``, ``kind`` (policy, interpretation, notice,
report, other), ``interprets`` (the doc_number of the policy it interprets), ``validity`` (有效 /
失效 / 废止, default 有效); other keys are ignored.

- An unknown ``organ`` is an error, unless ``--organ CODE`` is given: then the document belongs to
  that organ and keeps the stated name as its 发布机构.
- Imported documents are published at once (an import is the organ's own decision) and handed to
  the search hook.
- Idempotent: a line matching an existing document (same organ and kind and doc_number, or same
  organ, title and publication date) updates it in place; an identical line changes nothing.
- Each bad line is reported as ``第N行：reason``; the good lines are imported (each in its own
  savepoint, committed in batches — never half a line).

The contract has no field for the legal form, so a ``policy`` line's 文件类别 (for 三同步 and table
二) is read from its 文号 by the national numbering conventions: 规章 are promulgated by 政府令
(``…人民政府令第N号``), 行政规范性文件 are registered and numbered with 规 (``穗府规〔2019〕3号``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.calendars.deadlines import add_months
from gongkai.core.audit import audit_record
from gongkai.core.errors import GongkaiError
from gongkai.core.html import html_to_text
from gongkai.orgs.models import Organ
from gongkai.publications import indexing
from gongkai.publications.models import (
    Category,
    Disclosure,
    Document,
    DocumentEvent,
    DocumentTopic,
    Kind,
    PolicyClass,
    State,
    Validity,
    ValidityRecord,
)
from gongkai.publications.services.documents import (
    body_to_html,
    index_number_issue,
    organ_settings,
)

VALIDITY_NAMES = {
    "有效": Validity.VALID,
    "失效": Validity.EXPIRED,
    "废止": Validity.REPEALED,
    "valid": Validity.VALID,
    "expired": Validity.EXPIRED,
    "repealed": Validity.REPEALED,
}
SUMMARY_CHARS = 100
REGULATION_NUMBER = re.compile(r"令(?:第)?\s*\d+\s*号$|令〔\d{4}〕\d+号$")
NORMATIVE_NUMBER = re.compile(
    r"规〔\d{4}〕\d+号$"
)  # 内容概述 (≤100字 in some catalogue rules, spec §5)
BATCH = 200


class LineError(Exception):
    pass


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    categories_created: int = 0

    @property
    def failed(self) -> int:
        return len(self.errors)


class _Context:
    """Per-run caches: organs by code and name, categories by code, name and path."""

    def __init__(self, fallback: Organ | None):
        self.fallback = fallback
        self.organs: dict[str, Organ] = {}
        for organ in Organ.objects.filter(is_active=True).select_related("jurisdiction"):
            self.organs.setdefault(organ.code, organ)
            self.organs.setdefault(organ.name, organ)
        self.categories: dict[str, Category] = {}
        for category in Category.objects.all():
            for key in (category.code, category.label, category.name):
                self.categories.setdefault(key, category)
        self.categories_created = 0
        self.settings: dict[int, tuple[str, int]] = {}

    def root(self, category: Category | None) -> Category | None:
        if category is None or category.parent_id is None:
            return category
        return self.categories[category.path.strip("/").split("/")[0]]

    def organ_settings(self, organ: Organ) -> tuple[str, int]:
        """(索引号 pattern, evaluation months) of the organ, read once per run."""
        if organ.pk not in self.settings:
            found = organ_settings(organ)
            self.settings[organ.pk] = (found.index_pattern, found.evaluation_months or 12)
        return self.settings[organ.pk]


def _text(data: dict, key: str, *, required: bool = False, limit: int | None = None) -> str:
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LineError(f"{key} 应为字符串")
    value = value.strip()
    if required and not value:
        raise LineError(f"缺少 {key}")
    if limit and len(value) > limit:
        raise LineError(f"{key} 超过{limit}个字符")
    return value


def _date(data: dict, key: str) -> date | None:
    value = _text(data, key)
    if not value:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+\-Z]*)?", value)
    try:
        if not match:
            raise ValueError
        return date(*map(int, match.groups()))
    except ValueError:
        raise LineError(f"{key} 不是有效日期（应为 YYYY-MM-DD）：{value}") from None


def _category(context: _Context, name: str) -> Category | None:
    """By code, full name or name; an unknown one is added to the tree (path split on \\ or /)."""
    if not name:
        return None
    found = context.categories.get(name)
    if found is not None:
        return found
    parent = None
    parts = [p.strip() for p in re.split(r"[\\/]", name) if p.strip()]
    for depth in range(len(parts)):
        label = "\\".join(parts[: depth + 1])
        node = context.categories.get(label)
        if node is None:
            serial = Category.objects.count() + 1
            while Category.objects.filter(code=f"imp{serial:05d}").exists():
                serial += 1
            code = f"imp{serial:05d}"
            node = Category.objects.create(
                code=code,
                name=parts[depth][:100],
                parent=parent,
                path=f"{parent.path if parent else '/'}{code}/",
                label=label[:300],
            )
            context.categories[label] = node
            context.categories_created += 1
        parent = node
    context.categories[name] = parent
    return parent


def _parse(context: _Context, raw: str) -> dict:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LineError(f"不是有效的 JSON（{exc.msg}，第{exc.colno}列）") from None
    if not isinstance(data, dict):
        raise LineError("每行须是一个 JSON 对象")
    title = _text(data, "title", required=True, limit=300)
    organ_name = _text(data, "organ")
    organ = context.organs.get(organ_name) if organ_name else None
    publisher = organ.name if organ else organ_name
    if organ is None:
        if context.fallback is None:
            raise LineError(
                f"未知机关“{organ_name}”（请使用机关代码或全称，或用 --organ 指定归属机关）"
                if organ_name
                else "缺少 organ（或用 --organ 指定归属机关）"
            )
        organ = context.fallback
        publisher = organ_name or organ.name
    kind = _text(data, "kind") or Kind.OTHER
    if kind not in Kind.values:
        raise LineError(
            f"kind 无效：{kind}（应为 policy、interpretation、notice、report 或 other）"
        )
    issued_on = _date(data, "issued_on")
    published_on = _date(data, "published_on") or issued_on
    issued_on = issued_on or published_on
    if published_on is None:
        raise LineError("缺少 published_on 或 issued_on")
    if issued_on > published_on:
        raise LineError("issued_on（成文日期）晚于 published_on（发布日期）")
    if published_on > timezone.localdate():
        raise LineError("published_on 晚于今天")
    validity_name = _text(data, "validity") or "有效"
    validity = VALIDITY_NAMES.get(validity_name)
    if validity is None:
        raise LineError(f"validity 无效：{validity_name}（应为 有效、失效 或 废止）")
    interprets_number = _text(data, "interprets", limit=100)
    if interprets_number and kind != Kind.INTERPRETATION:
        raise LineError("只有 kind 为 interpretation 的文件可以有 interprets")
    body = body_to_html(_text(data, "body"))
    doc_number = _text(data, "doc_number", limit=100)
    return {
        "organ": organ,
        "publisher_name": publisher[:200],
        "title": title,
        "body": body,
        "summary": html_to_text(body)[:SUMMARY_CHARS],
        "doc_number": doc_number,
        "policy_class": policy_class_from_number(kind, doc_number),
        "formed_on": issued_on,
        "published_on": published_on,
        "category": (category := _category(context, _text(data, "category", limit=300))),
        "category_root": context.root(category),
        "kind": kind,
        "validity": validity,
        "interprets_number": interprets_number,
    }


def policy_class_from_number(kind: str, doc_number: str) -> str:
    if kind != Kind.POLICY or not doc_number:
        return PolicyClass.NONE
    if REGULATION_NUMBER.search(doc_number):
        return PolicyClass.REGULATION
    if NORMATIVE_NUMBER.search(doc_number):
        return PolicyClass.NORMATIVE
    return PolicyClass.NONE


def _find_interpreted(organ: Organ, number: str) -> Document:
    """The published policy with that 文号: the organ's own first, else a unique one elsewhere."""
    candidates = list(
        Document.objects.filter(doc_number=number, state=State.PUBLISHED)
        .exclude(kind=Kind.INTERPRETATION)
        .order_by("pk")[:20]
    )
    own = [d for d in candidates if d.organ_id == organ.pk]
    if own:
        return own[0]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise LineError(f"找不到被解读的文件（文号“{number}”的文件未发布）")
    raise LineError(f"文号“{number}”对应多个机关的文件，无法确定被解读的文件")


def _existing(fields: dict) -> Document | None:
    """The document this line re-imports: same organ, kind and 文号; else same organ, title and
    publication date (unless both have different 文号 — then they are different documents)."""
    organ, number = fields["organ"], fields["doc_number"]
    same_title = Q(organ=organ, title=fields["title"], published_on=fields["published_on"])
    if number:
        same_title &= Q(doc_number__in=("", number))
        same_number = Q(organ=organ, doc_number=number, kind=fields["kind"])
        condition = same_number | same_title
    else:
        condition = same_title
    candidates = list(Document.objects.filter(condition).order_by("pk")[:20])
    by_number = [
        d for d in candidates if number and d.doc_number == number and d.kind == fields["kind"]
    ]
    return (by_number or candidates or [None])[0]


UPDATABLE = (
    "publisher_name",
    "title",
    "body",
    "summary",
    "doc_number",
    "policy_class",
    "formed_on",
    "published_on",
    "category",
    "category_root",
    "kind",
    "interprets",
)


def _import_line(context: _Context, raw: str, *, interprets: Document | None, fields: dict):
    """Create or update one document; returns 'created', 'updated' or 'unchanged'."""
    organ = fields["organ"]
    values = {k: fields[k] for k in UPDATABLE if k != "interprets"}
    values["interprets"] = interprets
    document = _existing(fields)
    if document is not None and document.state != State.PUBLISHED:
        raise LineError(
            f"与{'已撤回' if document.state == State.WITHDRAWN else '审核流程中'}的文件"
            f"（{document.get_state_display()}）重复，未导入"
        )
    validity = fields["validity"]
    if document is None:
        published_at = timezone.make_aware(datetime.combine(fields["published_on"], time(9)))
        document = Document(
            organ=organ,
            state=State.PUBLISHED,
            disclosure=Disclosure.PROACTIVE,
            published_at=published_at,
            validity=validity,
            imported=True,
            **values,
        )
        if document.needs_interpretation:
            document.art20_item = 1
        pattern, months = context.organ_settings(organ)
        document.index_number = index_number_issue(
            organ=organ, on=fields["published_on"], category=fields["category"], pattern=pattern
        )
        if validity == Validity.VALID:
            document.next_evaluation_on = add_months(timezone.localdate(), months)
        document.save()
        action, outcome = "import", "created"
    else:
        changed = [k for k, v in values.items() if getattr(document, k) != v]
        if not changed and validity == document.validity:
            return "unchanged"
        for key in changed:
            setattr(document, key, values[key])
        if validity != document.validity:
            ValidityRecord.objects.create(
                document=document,
                old_validity=document.validity,
                new_validity=validity,
                effective_on=timezone.localdate(),
                note="批量导入更新有效性",
            )
            document.validity = validity
            document.validity_changed_on = (
                None if validity == Validity.VALID else timezone.localdate()
            )
            changed += ["validity", "validity_changed_on"]
        document.save(update_fields=[*changed, "updated_at"])
        if "published_on" in changed:
            DocumentTopic.objects.filter(document=document).update(
                published_on=document.published_on
            )
        action, outcome = "import_update", "updated"
    DocumentEvent.objects.create(
        document=document,
        actor=None,
        action=action,
        to_state=document.state,
        note="批量导入（机关自行决定公开）",
    )
    audit_record(
        actor=None,
        action=f"document.{action}",
        target=document,
        organ_id=organ.pk,
        data={"index_number": document.index_number},
    )
    indexing.document_changed(document)
    return outcome


def documents_import(
    *, lines: Iterable[str], organ: Organ | None = None, batch_size: int = BATCH
) -> ImportReport:
    """Run the import contract over ``lines`` (the file's lines, in order)."""
    context = _Context(organ)
    report = ImportReport()
    parsed: list[tuple[int, str, dict]] = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            parsed.append((number, raw, _parse(context, raw)))
        except LineError as exc:
            report.errors.append((number, str(exc)))
    # Interpretations after the policies they explain, whatever the order in the file.
    ordered = sorted(parsed, key=lambda item: (item[2]["interprets_number"] != "", item[0]))
    for start in range(0, len(ordered), batch_size):
        with transaction.atomic():
            for number, raw, fields in ordered[start : start + batch_size]:
                try:
                    with transaction.atomic():
                        interprets = (
                            _find_interpreted(fields["organ"], fields["interprets_number"])
                            if fields["interprets_number"]
                            else None
                        )
                        outcome = _import_line(context, raw, interprets=interprets, fields=fields)
                except LineError as exc:
                    report.errors.append((number, str(exc)))
                    continue
                except GongkaiError as exc:
                    report.errors.append((number, exc.message))
                    continue
                setattr(report, outcome, getattr(report, outcome) + 1)
    report.errors.sort()
    report.categories_created = context.categories_created
    return report
