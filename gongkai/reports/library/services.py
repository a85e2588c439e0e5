"""Importing published annual reports into the library (年报库导入).

``library_import`` parses one file (:func:`gongkai.reports.ingest.parse_report`), matches the
publishing agency to an organ in Gongkai, and stores the figures — one report per organ and
year: importing the same organ and year again replaces the figures in place (a corrected
report, a better copy of the file).

Matching the agency to an organ (:func:`organ_match`), first rule that finds exactly one organ:

1. the organ's full name equals the agency as parsed;
2. the names are equal after :func:`agency_key` — whitespace and punctuation removed, and the
   suffixes unified: 人民政府 → 政府, 街道办事处/街道办 → 街道, 管理委员会 → 管委会
   (``青山区政府`` is ``青山区人民政府``);
3. one name is the other without a leading higher-level region ending in 省/自治区/市/自治州
   (``定海区人民政府`` is ``舟山市定海区人民政府``), and what remains still names a region
   (contains 区/县/旗/市/镇/乡/街道) — ``教育局`` alone matches nothing.

Otherwise the report keeps only the agency name (an organ outside Gongkai; its reports are
deduplicated by ``agency_key`` and year). ``organ=`` forces the organ (CLI ``--organ``).

Reports Gongkai published itself are not imported: the library reads them from
:class:`~gongkai.reports.models.AnnualReport` (``library.selectors``), so there is no copy to
keep in sync.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePath

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, InvalidInput, NotAllowed
from gongkai.core.uploads import MB
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can
from gongkai.reports.ingest import ParseResult, parse_report
from gongkai.reports.library.compare import count_check_errors, exact_summary, indicators
from gongkai.reports.library.outliers import empty_tables
from gongkai.reports.models import LibraryReport

MAX_BYTES = 20 * MB

_PUNCTUATION_RE = re.compile(r"[\s\u3000·•．.,，、:：;；\"'“”‘’()（）\[\]【】《》<>〈〉\-—–_/]+")
_SUFFIXES = (
    ("人民政府", "政府"),
    ("街道办事处", "街道"),
    ("街道办", "街道"),
    ("管理委员会", "管委会"),
)
_LEADING_REGION_RE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:省|自治区|自治州|市)")
_REGION_RE = re.compile(r"区|县|旗|市|镇|乡|街道")


def agency_key(name: str) -> str:
    """A name for comparison: NFKC, no whitespace or punctuation, unified suffixes."""
    key = _PUNCTUATION_RE.sub("", unicodedata.normalize("NFKC", name or ""))
    for long, short in _SUFFIXES:
        key = key.replace(long, short)
    return key


def _without_leading_region(key: str) -> str | None:
    """The key without a leading province or city, when what is left still names a region."""
    match = _LEADING_REGION_RE.match(key)
    if not match:
        return None
    rest = key[match.end() :]
    return rest if len(rest) >= 3 and _REGION_RE.search(rest[:-1]) else None


def organ_match(agency: str, organs: list[Organ]) -> Organ | None:
    """The organ that published a report, by the rules in the module docstring."""
    if not agency:
        return None
    exact = [o for o in organs if o.name == agency]
    if len(exact) == 1:
        return exact[0]
    key = agency_key(agency)
    keyed = [o for o in organs if agency_key(o.name) == key]
    if len(keyed) == 1:
        return keyed[0]
    if keyed:
        return None  # ambiguous: two organs with the same name
    short = _without_leading_region(key)
    tails = [
        o
        for o in organs
        if (short is not None and agency_key(o.name) == short)
        or _without_leading_region(agency_key(o.name)) == key
    ]
    return tails[0] if len(tails) == 1 else None


def _parse(data: bytes, filename: str) -> ParseResult:
    if not data:
        raise InvalidInput("文件为空", field="file", code="file_empty")
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            f"文件过大：{len(data) / MB:.1f} MB，上限为 {MAX_BYTES // MB} MB",
            field="file",
            code="file_too_large",
        )
    try:
        result = parse_report(data, filename)
    except Exception as exc:  # a parser bug must reach the user as a field error, not a 500
        raise InvalidInput(
            f"解析失败：{type(exc).__name__}", field="file", code="unreadable"
        ) from exc
    if result.error is not None:
        raise InvalidInput(result.error, field="file", code="unreadable")
    if result.year is None:
        raise InvalidInput("未能识别报告的统计年度", field="file", code="year_unknown")
    return result


@transaction.atomic
def library_import(
    *, actor, data: bytes, filename: str, organ: Organ | None = None
) -> tuple[LibraryReport, bool]:
    """Parse one report and store it in the library; returns (report, created).

    Needs REPORT_COMPILE (编制年度报告) in the matched organ — or anywhere, for a report of an
    organ outside Gongkai. A file that cannot be read, or whose year or publisher is not
    recognised, is refused whole (nothing is stored)."""
    if actor is not None and not user_can(actor, Capability.REPORT_COMPILE):
        raise NotAllowed("您无权向年报库导入报告")
    name = PurePath(filename or "").name[:300] or "（未命名）"
    result = _parse(data, name)
    agency = (result.agency or "").strip()
    if organ is None:
        organ = organ_match(agency, list(Organ.objects.only("pk", "name", "code", "path")))
    if organ is None and not agency:
        raise InvalidInput(
            "未能识别发布机关，请指定机关后再导入", field="organ", code="agency_unknown"
        )
    if (
        organ is not None
        and actor is not None
        and not user_can(actor, Capability.REPORT_COMPILE, organ)
    ):
        raise NotAllowed(f"您无权导入{organ.name}的年度报告")
    agency = agency or organ.name
    key = agency_key(agency)
    year = result.year

    stats = result.statistics
    stats.organ, stats.organ_code = agency, organ.code if organ else None
    warnings = result.warnings
    summary = result.to_json()["summary"]  # numbers as JSON gives them back
    figures = indicators(stats, exact_summary(summary, warnings))
    fields = {
        "organ": organ,
        "agency": agency[:200],
        "agency_key": key[:200],
        "year": year,
        "format": result.format or "",
        "script": result.script or "",
        "source_name": name,
        "source_sha256": hashlib.sha256(data).hexdigest(),
        "statistics": {**stats.to_dict(), "evidence": dict(stats.evidence)},
        "summary": summary,
        "evidence": dict(result.evidence),
        "warnings": warnings,
        "applications_new": figures.applications_new,
        "check_errors": count_check_errors(stats),
        "empty_tables": empty_tables(stats, warnings),
        "imported_at": timezone.now(),
        "imported_by": actor,
    }
    same = Q(organ__isnull=True, agency_key=key)
    if organ is not None:
        # the organ's report, or an earlier import that did not know the organ yet
        same |= Q(organ=organ)
    existing = list(
        LibraryReport.objects.select_for_update().filter(same, year=year).order_by("organ_id")
    )
    report = next((r for r in existing if r.organ_id is not None), None) or (
        existing[0] if existing else None
    )
    created = report is None
    try:
        with transaction.atomic():
            for orphan in existing:
                if orphan is not report:
                    audit_record(
                        actor=actor,
                        action="library_report.merge",
                        target=orphan,
                        organ_id=organ.pk if organ else None,
                        data={"year": year, "into": report.pk},
                    )
                    orphan.delete()
            if created:
                report = LibraryReport.objects.create(**fields)
            else:
                for field, value in fields.items():
                    setattr(report, field, value)
                report.save()
    except IntegrityError:
        raise Conflict(
            "同一机关同一年度的报告正在由他人导入，请稍后重试", code="import_conflict"
        ) from None
    audit_record(
        actor=actor,
        action="library_report.import" if created else "library_report.reimport",
        target=report,
        organ_id=organ.pk if organ else None,
        data={
            "year": year,
            "agency": agency,
            "source": name,
            "sha256": fields["source_sha256"],
        },
    )
    return report, created
