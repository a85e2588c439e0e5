"""Reads of annual reports: staff overviews (who has not submitted), the public list, and the
cases behind a cell (traceability)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from gongkai.cases.models import Application, Remedy
from gongkai.core.errors import InvalidInput, NotFound
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for, organs_for
from gongkai.reports.compute import report_organ_ids
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import statutory_due
from gongkai.reports.statistics import (
    APPLICANT_COLUMNS,
    OUTCOME_ROWS,
    REMEDY_KINDS,
    REMEDY_RESULTS,
    ROW_CODES,
)


@dataclass(frozen=True)
class ReportStatus:
    organ: Organ
    report: AnnualReport | None
    due_on: date

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report else "未开始"

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.state != AnnualReport.State.DRAFT


def report_overview_for(user, year: int) -> list[ReportStatus]:
    """Every organ the user may see reports of, with its latest report for the year — the OGI
    office sees at a glance which sub-organs have not submitted."""
    organs = list(organs_for(user, Capability.REPORT_VIEW).filter(is_active=True).order_by("path"))
    latest: dict[int, AnnualReport] = {}
    for report in AnnualReport.objects.filter(organ__in=organs, year=year).order_by(
        "organ_id", "version"
    ):
        latest[report.organ_id] = report
    return [ReportStatus(o, latest.get(o.pk), statutory_due(o, year)) for o in organs]


def report_get_for(user, *, organ_code: str, year: int) -> tuple[Organ, AnnualReport | None]:
    organ = organs_for(user, Capability.REPORT_VIEW).filter(code=organ_code).first()
    if organ is None:
        raise NotFound("机关不存在或您无权查看其年度报告")
    report = AnnualReport.objects.filter(organ=organ, year=year).order_by("-version").first()
    return organ, report


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).select_related("organ")


def published_report(organ_code: str, year: int) -> AnnualReport:
    report = published_reports().filter(organ__code=organ_code, year=year).first()
    if report is None:
        raise NotFound("该年度报告尚未发布")
    return report


def cases_behind(user, *, organ: Organ, year: int, path: str) -> QuerySet[Application]:
    """The applications counted in a cell of table 三 or 四 (``applications.R3.1.NP``,
    ``remedies.review.upheld``). Visible only to staff who may see those cases."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    ids = report_organ_ids(organ)
    visible = organ_ids_for(user, Capability.CASE_VIEW)
    base = Application.objects.filter(
        organ_id__in=[i for i in ids if i in visible], received_on__isnull=False
    )
    parts = path.split(".")
    if parts[0] == "applications":
        row, column = ".".join(parts[1:-1]), parts[-1]
        if row not in ROW_CODES or column not in (*APPLICANT_COLUMNS, "TOT"):
            raise InvalidInput("未知的表格单元", field="cell")
        if column != "TOT":
            base = base.filter(applicant_type=column)
        open_in_year = base.filter(received_on__lte=end).filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=start)
        )
        if row == "R1":
            qs = open_in_year.filter(received_on__gte=start)
        elif row == "R2":
            qs = open_in_year.filter(received_on__lt=start)
        elif row == "R4":
            qs = open_in_year.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
        else:
            closed = base.filter(closed_on__gte=start, closed_on__lte=end)
            qs = closed if row == "R3.7" else closed.filter(outcome_row=row)
            if row == "R3.6.3" and organ and _format(year) == "2019":
                qs = closed.filter(outcome_row__in=["R3.6.1", "R3.6.2", "R3.6.3"])
            if row not in (*OUTCOME_ROWS, "R3.7"):
                raise InvalidInput("未知的表格单元", field="cell")
    elif (
        parts[0] == "remedies"
        and len(parts) == 3
        and parts[1] in REMEDY_KINDS
        and parts[2] in REMEDY_RESULTS
    ):
        remedies = Remedy.objects.filter(kind=parts[1], filed_on__year=year)
        if parts[2] != "total":
            remedies = remedies.filter(result=parts[2])
        qs = base.filter(pk__in=remedies.values("application_id"))
    else:
        raise InvalidInput("该单元格不对应依申请公开办件", field="cell")
    return qs.select_related("organ", "applicant").order_by("received_on", "id")


def _format(year: int) -> str:
    from gongkai.reports.statistics import format_for_year

    return format_for_year(year)
