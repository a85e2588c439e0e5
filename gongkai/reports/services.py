"""Writing annual reports: drafts with a generated narrative, the review workflow, publication
(statistics and checks frozen), corrections as new versions (条例 第四十九、五十条)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gongkai.cases.models import Application, Consultation, Extension, FeeNotice
from gongkai.core.audit import audit_record
from gongkai.core.errors import Conflict, InvalidInput, NotAllowed
from gongkai.core.html import sanitize_html
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can
from gongkai.reports.checks import run_checks
from gongkai.reports.compute import compute_statistics, compute_years, report_organ_ids
from gongkai.reports.models import AnnualReport, ReportEvent
from gongkai.reports.narrative import Facts, draft_sections
from gongkai.reports.statistics import PROACTIVE_LAYOUTS, Statistics, format_for_year

S = AnnualReport.State
# action: (from states, to, capability, label)
TRANSITIONS = {
    "submit": ({S.DRAFT}, S.REVIEW, Capability.REPORT_COMPILE, "提交审核"),
    "return": ({S.REVIEW, S.APPROVED}, S.DRAFT, Capability.REPORT_APPROVE, "退回修改"),
    "approve": ({S.REVIEW}, S.APPROVED, Capability.REPORT_APPROVE, "审定"),
    "publish": ({S.APPROVED}, S.PUBLISHED, Capability.REPORT_COMPILE, "发布"),
}


def statutory_due(organ: Organ, year: int) -> date:
    """条例 第四十九条: departments publish last year's report by 31 January; a government's OGI
    competent department publishes the government's by 31 March (townships follow the
    departments' date in practice)."""
    return (
        date(year + 1, 3, 31)
        if organ.level == Organ.Level.GOVERNMENT and organ.depth == 0
        else date(year + 1, 1, 31)
    )


def _require(actor, capability: Capability, organ: Organ) -> None:
    if actor is not None and not user_can(actor, capability, organ):
        raise NotAllowed("您无权处理该机关的年度报告")


def _event(report: AnnualReport, actor, action: str, label: str, note: str = "") -> None:
    ReportEvent.objects.create(report=report, actor=actor, action=action, label=label, note=note)
    audit_record(
        actor=actor,
        action=f"report.{action}",
        target=report,
        organ_id=report.organ_id,
        data={"year": report.year, "version": report.version},
    )


def report_facts(organ: Organ, year: int) -> Facts:
    ids = report_organ_ids(organ)
    cases = Application.objects.filter(organ_id__in=ids)
    facts = Facts(
        fees_collected=FeeNotice.objects.filter(
            application__organ_id__in=ids, status=FeeNotice.Status.PAID, paid_on__year=year
        ).aggregate(s=Sum("amount"))["s"]
        or 0,
        late_replies=cases.filter(closed_on__year=year, events__action="late").distinct().count(),
        consultations=Consultation.objects.filter(
            application__organ_id__in=ids, sent_on__year=year
        ).count(),
        extensions=Extension.objects.filter(
            application__organ_id__in=ids, status=Extension.Status.APPROVED, decided_on__year=year
        ).count(),
        excluded_notes=[
            f"{o.name}{o.rollup_note or '的数据由其上级主管部门统计'}，本报告不再重复统计。"
            for o in Organ.objects.filter(
                path__startswith=organ.path, excluded_from_rollup=True
            ).exclude(pk=organ.pk)
        ]
        if organ.level == Organ.Level.GOVERNMENT
        else [],
    )
    try:
        from gongkai.publications.selectors import narrative_facts
    except ImportError:
        return facts
    extra = narrative_facts(ids, year)
    facts.documents_published = extra.get("documents_published")
    facts.interpretations = extra.get("interpretations")
    return facts


def previous_statistics(organ: Organ, year: int) -> Statistics | None:
    """Last year's figures: the published report if there is one; else computed, but only when
    Gongkai's records cover that whole year (they start by its January) — a comparison with a
    year the platform only partly saw would mislead."""
    published = _published_statistics(organ, year - 1)
    if published is None and _records_cover(organ, year - 1):
        return compute_statistics(organ, year - 1)
    return published


def statistics_with_previous(
    organ: Organ, year: int, *, manual: dict | None = None
) -> tuple[Statistics, Statistics | None]:
    """The year's live figures and last year's (see ``previous_statistics``), computed together
    when both come from the records (one pass over the cases for the two years)."""
    published = _published_statistics(organ, year - 1)
    if published is None and _records_cover(organ, year - 1):
        both = compute_years(organ, [year - 1, year], manual=manual)
        return both[year], both[year - 1]
    return compute_statistics(organ, year, manual=manual), published


def _published_statistics(organ: Organ, year: int) -> Statistics | None:
    published = AnnualReport.objects.filter(organ=organ, year=year, state=S.PUBLISHED).first()
    return (
        Statistics.from_dict(published.statistics) if published and published.statistics else None
    )


def _records_cover(organ: Organ, year: int) -> bool:
    """Whether Gongkai's records start by the year's January (so the whole year is in them)."""
    first = (
        Application.objects.filter(organ_id__in=report_organ_ids(organ), received_on__isnull=False)
        .order_by("received_on")
        .values_list("received_on", flat=True)
        .first()
    )
    return first is not None and first <= date(year, 1, 31)


def report_statistics(report: AnnualReport) -> Statistics:
    """Frozen figures once published; live figures (with manual cells) before."""
    if report.statistics:
        return Statistics.from_dict(report.statistics)
    return compute_statistics(report.organ, report.year, manual=report.proactive_manual)


@transaction.atomic
def report_start(*, actor, organ: Organ, year: int) -> AnnualReport:
    """Open the year's report (version 1) with a generated first draft of the narrative."""
    _require(actor, Capability.REPORT_COMPILE, organ)
    if year > timezone.localdate().year:
        raise InvalidInput("不能为未来年度编制年度报告", field="year")
    existing = AnnualReport.objects.filter(organ=organ, year=year).order_by("-version").first()
    if existing is not None:
        return existing
    stats, previous = statistics_with_previous(organ, year)
    sections = draft_sections(stats, previous, report_facts(organ, year))
    report = AnnualReport.objects.create(
        organ=organ,
        year=year,
        format=format_for_year(year),
        due_on=statutory_due(organ, year),
        **sections,
    )
    _event(report, actor, "start", "创建年度报告（已生成初稿）")
    return report


def _manual_cells(report: AnnualReport, manual: dict) -> dict:
    allowed = {
        f"proactive.{row.key}.{key}": row.decimal or key == "amount"
        for row in PROACTIVE_LAYOUTS.get(report.format, ())
        for key, _ in row.columns
    }
    clean = {}
    for path, value in manual.items():
        if path not in allowed:
            raise InvalidInput(f"未知的表格单元：{path}", field="proactive_manual")
        if value in (None, ""):
            continue
        try:
            number = float(value) if allowed[path] else int(value)
        except (TypeError, ValueError):
            raise InvalidInput(f"{path} 应为数字", field="proactive_manual") from None
        if number < 0 and not path.endswith(".change"):
            raise InvalidInput(f"{path} 不能为负数", field="proactive_manual")
        clean[path] = number
    return clean


@transaction.atomic
def report_update(
    *,
    actor,
    report: AnnualReport,
    overview: str | None = None,
    problems: str | None = None,
    other_matters: str | None = None,
    proactive_manual: dict | None = None,
) -> AnnualReport:
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require(actor, Capability.REPORT_COMPILE, report.organ)
    if report.state != S.DRAFT:
        raise Conflict("只有草稿可以修改；已提交的报告请先退回", code="not_draft")
    for name, value in (
        ("overview", overview),
        ("problems", problems),
        ("other_matters", other_matters),
    ):
        if value is not None:
            setattr(report, name, sanitize_html(value))
    if proactive_manual is not None:
        report.proactive_manual = _manual_cells(report, proactive_manual)
    report.save()
    _event(report, actor, "edit", "修改报告内容")
    return report


def report_regenerate(*, actor, report: AnnualReport, section: str) -> AnnualReport:
    """Replace one section with a fresh draft from the current data."""
    if section not in ("overview", "problems", "other_matters"):
        raise InvalidInput("未知章节", field="section")
    stats, previous = statistics_with_previous(
        report.organ, report.year, manual=report.proactive_manual
    )
    sections = draft_sections(stats, previous, report_facts(report.organ, report.year))
    return report_update(actor=actor, report=report, **{section: sections[section]})


@transaction.atomic
def report_transition(*, actor, report: AnnualReport, action: str, note: str = "") -> AnnualReport:
    report = AnnualReport.objects.select_for_update().select_related("organ").get(pk=report.pk)
    if action not in TRANSITIONS:
        raise InvalidInput(f"未知操作：{action}", field="action")
    sources, target, capability, label = TRANSITIONS[action]
    if report.state not in sources:
        raise Conflict(
            f"当前状态“{report.get_state_display()}”不能{label}", code="transition_not_allowed"
        )
    _require(actor, capability, report.organ)
    if action == "return" and not note.strip():
        raise InvalidInput("退回时请写明修改意见", field="note")
    if action == "publish":
        stats, previous = statistics_with_previous(
            report.organ, report.year, manual=report.proactive_manual
        )
        failures = run_checks(stats, previous)
        errors = [f for f in failures if f.severity == "error"]
        if errors:
            raise Conflict(
                "统计数据未通过校验，不能发布：" + "；".join(f.message for f in errors[:3]),
                code="checks_failed",
            )
        if not (
            report.overview.strip() and report.problems.strip() and report.other_matters.strip()
        ):
            raise Conflict(
                "请填写总体情况、存在的主要问题及改进情况、其他需要报告的事项后再发布",
                code="sections_missing",
            )
        report.statistics = {**stats.to_dict(), "evidence": {}}
        report.checks = [f.as_dict() for f in failures]
        report.published_at = timezone.now()
        if report.supersedes_id:
            AnnualReport.objects.filter(pk=report.supersedes_id).update(state=S.SUPERSEDED)
    report.state = target
    report.save()
    _event(report, actor, action, label, note)
    if action == "publish":
        from gongkai.reports.indexing import report_published

        report_published(report)
    return report


@transaction.atomic
def report_correct(*, actor, report: AnnualReport, note: str) -> AnnualReport:
    """A published report is frozen; a correction is a new version (with a note) that replaces it
    when published."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require(actor, Capability.REPORT_COMPILE, report.organ)
    if report.state != S.PUBLISHED:
        raise Conflict("只能更正已发布的报告", code="not_published")
    if not note.strip():
        raise InvalidInput("请写明更正说明", field="note")
    if AnnualReport.objects.filter(supersedes=report).exists():
        raise Conflict("该报告已有更正版本", code="correction_exists")
    correction = AnnualReport.objects.create(
        organ=report.organ,
        year=report.year,
        version=report.version + 1,
        format=report.format,
        overview=report.overview,
        problems=report.problems,
        other_matters=report.other_matters,
        proactive_manual=report.proactive_manual,
        due_on=report.due_on,
        supersedes=report,
        correction_note=note,
    )
    _event(correction, actor, "correct", f"更正第{report.version}版", note)
    return correction


def report_document(report: AnnualReport):
    """The renderable report: frozen figures and checks once published, live ones before."""
    from gongkai.reports.checks import CheckFailure
    from gongkai.reports.render import ReportDocument

    if report.statistics:
        stats = report_statistics(report)
        checks = [
            CheckFailure(c["rule"], tuple(c["cells"]), c["message"], c.get("severity", "error"))
            for c in report.checks
        ]
    else:
        stats, previous = statistics_with_previous(
            report.organ, report.year, manual=report.proactive_manual
        )
        checks = run_checks(stats, previous)
    return ReportDocument(
        stats=stats,
        overview=report.overview,
        problems=report.problems,
        other_matters=report.other_matters,
        checks=checks,
        version=report.version,
        state=report.state,
        correction_note=report.correction_note,
    )


def adhoc_document(organ: Organ, year: int):
    """A report computed now with generated narrative drafts (no report record yet)."""
    from gongkai.reports.render import ReportDocument

    stats, previous = statistics_with_previous(organ, year)
    sections = draft_sections(stats, previous, report_facts(organ, year))
    return ReportDocument(stats=stats, checks=run_checks(stats, previous), **sections)
