"""The annual report computed from Gongkai's records (issue #4)."""

from __future__ import annotations

import io
import json
import subprocess
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from docx import Document

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from gongkai.cases.services.importing import ImportRecord, application_import
from gongkai.orgs.roles import Role, Scope
from gongkai.orgs.services import organ_update
from gongkai.reports import layout
from gongkai.reports.checks import run_checks
from gongkai.reports.compute import compute_statistics
from gongkai.reports.ingest import parse_report
from gongkai.reports.models import AnnualReport
from gongkai.reports.render import ReportDocument, render_docx, render_html, render_json, render_pdf
from gongkai.reports.selectors import cases_behind
from gongkai.reports.services import (
    report_correct,
    report_document,
    report_start,
    report_transition,
    report_update,
)
from gongkai.reports.statistics import ROW_CODES, Statistics, add

D = date.fromisoformat
pytestmark = pytest.mark.django_db


def imported(organ, n, *, received, closed=None, row=None, kind="NP", remedies=()):
    """``n`` cases through the import contract (fast), distinct refs."""
    imported.counter = getattr(imported, "counter", 0)
    for _ in range(n):
        imported.counter += 1
        application_import(
            organ=organ,
            record=ImportRecord(
                ref=f"T{imported.counter}",
                received_on=D(received),
                applicant_type=kind,
                applicant_name="某人",
                description="某信息",
                closed_on=D(closed) if closed else None,
                outcome=row or "",
                remedies=tuple((k, D(f), r) for k, f, r in remedies),
            ),
        )


@pytest.mark.slow
def test_seed_003_figures_are_reproduced(tree):
    """广州市黄埔区 2022 (seed 003): 1,062 new (1,020 natural persons, 42 legal persons or other
    organisations); 9 carried in; 1,048 concluded: 333 disclosed, 76 partly, 75 withheld, 530
    could not be provided, 28 not processed, 6 other; 23 carried over."""
    gov, a, b = tree["gov"], tree["a"], tree["b"]
    imported(
        a, 9, received="2021-12-20", closed="2022-01-14", row="R3.1"
    )  # carried in, concluded in 2022
    organs = [gov, a, b]
    # 1,039 of the 1,062 new ones concluded in 2022, with the seed's mix
    mix = [
        ("R3.1", 324),
        ("R3.2", 76),
        ("R3.3.4", 40),
        ("R3.3.6", 20),
        ("R3.3.5", 15),
        ("R3.4.1", 500),
        ("R3.4.2", 20),
        ("R3.4.3", 10),
        ("R3.5.1", 15),
        ("R3.5.2", 13),
        ("R3.6.1", 2),
        ("R3.6.2", 1),
        ("R3.6.3", 3),
    ]
    kinds = (
        ["COM"] * 25 + ["LAW"] * 10 + ["RES"] * 3 + ["NGO"] * 2 + ["OTH"] * 2
    )  # the 42 organisations
    n = 0
    for row, count in mix:
        for _ in range(count):
            kind = kinds[n] if n < len(kinds) else "NP"
            imported(
                organs[n % 3], 1, received="2022-03-01", closed="2022-04-01", row=row, kind=kind
            )
            n += 1
    imported(b, 23, received="2022-12-20")  # open at 31 December
    stats = compute_statistics(gov, 2022)
    a_ = stats.applications
    assert (
        a_["R1"]["TOT"] == 1062
        and a_["R1"]["NP"] == 1020
        and a_["R1"]["TOT"] - a_["R1"]["NP"] == 42
    )
    assert a_["R2"]["TOT"] == 9
    assert a_["R3.7"]["TOT"] == 1048
    group = lambda prefix: sum(a_[code]["TOT"] for code in ROW_CODES if code.startswith(prefix))  # noqa: E731
    assert (
        a_["R3.1"]["TOT"],
        a_["R3.2"]["TOT"],
        group("R3.3."),
        group("R3.4."),
        group("R3.5."),
        group("R3.6."),
    ) == (333, 76, 75, 530, 28, 6)
    assert a_["R4"]["TOT"] == 23
    assert run_checks(stats) == []


def test_imported_cases_count_exactly_like_handled_ones(tree, make_staff):
    """Issue #3: a case imported from the previous system lands in the same cells as one handled
    in Gongkai with the same facts."""
    from gongkai.cases.outcomes import Decision
    from gongkai.cases.services import (
        ApplicantData,
        DecisionData,
        ItemData,
        Submission,
        application_register,
    )
    from gongkai.cases.tests.test_lifecycle import handle_to_reply

    people = {
        "clerk": make_staff(tree["a"], Role.HANDLER, username="clerk"),
        "handler": make_staff(tree["a"], Role.HANDLER, username="handler"),
        "head": make_staff(tree["a"], Role.SECTION_HEAD, username="head"),
        "leader": make_staff(tree["a"], Role.LEADER, username="leader"),
        "legal": make_staff(tree["gov"], Role.LEGAL, Scope.SUBTREE, username="legal"),
        "ogi_head": make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="ogi_head"),
    }
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False):
        case = application_register(
            actor=people["clerk"],
            organ=tree["a"],
            submission=Submission(
                applicant=ApplicantData(
                    applicant_type="COM",
                    organisation_name="某公司",
                    credit_code="91350100M000100Y43",
                    legal_representative="甲",
                    contact_person="乙",
                    phone="0799-1234567",
                    address="某地",
                ),
                items=[ItemData("某项目批复文件")],
                channel="in_person",
            ),
        )
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        handle_to_reply(
            case,
            people,
            tree,
            DecisionData(Decision.DISCLOSE, provided="文件"),
            deliver_on="2026-03-20",
        )
    handled = compute_statistics(tree["a"], 2026)
    imported(tree["a"], 1, received="2026-03-02", closed="2026-03-20", row="R3.1", kind="COM")
    both = compute_statistics(tree["a"], 2026)
    for path, value in handled.cells():
        if path.startswith("applications") and value:
            assert both.get(path) == 2 * value, path
    cell = set(
        cases_behind(people["ogi_head"], organ=tree["a"], year=2026, path="applications.R3.1.COM")
    )
    assert (
        len(cell) == 2 and any(c.is_imported for c in cell) and any(not c.is_imported for c in cell)
    )


def test_the_district_report_is_the_roll_up_of_its_organs_minus_exclusions(tree):
    gov, a, b, town = tree["gov"], tree["a"], tree["b"], tree["town"]
    imported(gov, 2, received="2025-02-03", closed="2025-03-03", row="R3.1")
    imported(a, 3, received="2025-02-03", closed="2025-03-03", row="R3.4.1")
    imported(
        b,
        4,
        received="2025-05-06",
        closed="2025-05-28",
        row="R3.3.4",
        kind="LAW",
        remedies=[("review", "2025-07-01", "upheld")],
    )
    imported(town, 1, received="2025-12-29")
    district = compute_statistics(gov, 2025)
    # the government's own records, plus each sub-organ's report
    parts = [compute_statistics(gov, 2025, organ_ids=[gov.pk])] + [
        compute_statistics(o, 2025) for o in (a, b, town)
    ]
    total = parts[0]
    for part in parts[1:]:
        total = add(total, part)
    assert district.applications == total.applications
    assert district.remedies == total.remedies
    assert (
        district.applications["R1"]["TOT"] == 10 and district.remedies["review"]["upheld"] == 4
    )  # one per case
    # a department whose figures a city bureau reports is not counted again (seed 003)
    organ_update(
        actor=None, organ=b, excluded_from_rollup=True, rollup_note="数据归口江州市某局统计"
    )
    after = compute_statistics(gov, 2025)
    assert after.applications["R1"]["TOT"] == 6 and after.remedies["review"]["total"] == 0
    assert run_checks(after) == []


def test_counting_rules_at_the_year_boundaries(tree):
    a = tree["a"]
    imported(a, 1, received="2024-12-31", closed="2025-01-02", row="R3.1")  # R2 of 2025, R3 of 2025
    imported(a, 1, received="2024-12-31", closed="2024-12-31", row="R3.1")  # 2024 only
    imported(a, 1, received="2025-12-31")  # R1 and R4 of 2025
    imported(
        a, 1, received="2025-06-01", closed="2026-01-05", row="R3.2"
    )  # R1, R4 of 2025; R2 of 2026
    s25, s26 = compute_statistics(a, 2025), compute_statistics(a, 2026)
    get = lambda s, r: s.applications[r]["TOT"]  # noqa: E731
    assert (get(s25, "R1"), get(s25, "R2"), get(s25, "R3.7"), get(s25, "R4")) == (2, 1, 1, 2)
    assert (get(s26, "R2"), get(s26, "R3.2")) == (2, 1)
    assert run_checks(s26, previous=s25) == []  # this year's R2 equals last year's R4


def test_years_computed_together_equal_years_computed_alone(tree):
    """A report and the previous year it is checked against come from one pass over the cases;
    each year must still follow its own counting rules and its own layout."""
    from gongkai.reports.compute import compute_years

    a = tree["a"]
    imported(a, 2, received="2020-11-02", closed="2021-01-04", row="R3.6.1", kind="COM")
    imported(a, 1, received="2020-05-06", closed="2020-06-01", row="R3.3.1")
    imported(a, 3, received="2021-03-01", closed="2021-03-20", row="R3.1")
    imported(a, 1, received="2021-12-30")
    together = compute_years(a, [2020, 2021])
    assert together[2020].to_dict() == compute_statistics(a, 2020).to_dict()
    assert together[2021].to_dict() == compute_statistics(a, 2021).to_dict()
    y20, y21 = together[2020].applications, together[2021].applications
    assert together[2020].format == "2019" and together[2021].format == "2021"
    assert (y20["R1"]["TOT"], y20["R3.7"]["TOT"], y20["R4"]["COM"]) == (3, 1, 2)
    assert y20["R3.6.3"]["TOT"] == 0 and y21["R3.6.1"]["COM"] == 2
    assert (y21["R1"]["TOT"], y21["R2"]["TOT"], y21["R3.7"]["TOT"], y21["R4"]["TOT"]) == (
        4,
        2,
        5,
        1,
    )
    assert run_checks(together[2021], previous=together[2020]) == []


def test_a_2020_report_uses_the_2019_layout_with_one_other_row(tree):
    imported(tree["a"], 1, received="2020-03-02", closed="2020-04-01", row="R3.6.1")
    stats = compute_statistics(tree["a"], 2020)
    assert stats.format == "2019"
    assert stats.applications["R3.6.3"]["TOT"] == 1 and stats.applications["R3.6.1"]["TOT"] is None
    assert "procurement" in stats.proactive and run_checks(stats) == []


# --- rendering --------------------------------------------------------------------------------


def _zeros_2020(tree) -> ReportDocument:
    """Seed 004: a department's 2020 report, every table cell 0 (2019 layout)."""
    report = report_start(actor=None, organ=tree["a"], year=2020)
    manual = {
        f"proactive.{row}.{col}": 0
        for row, cols in Statistics.blank(organ="x", year=2020).proactive.items()
        for col in cols
    }
    report_update(actor=None, report=report, proactive_manual=manual)
    return report_document(AnnualReport.objects.get(pk=report.pk))


def test_seed_004_layout_in_docx(tree):
    document = Document(io.BytesIO(render_docx(_zeros_2020(tree))))
    table2, table3, table4 = document.tables
    text3 = [[c.text for c in row.cells] for row in table3.rows]
    assert (
        len(table3.rows) == 3 + 2 + 20 + 1
    )  # header rows, 一、二, 20 rows of 三 (2019: one （六） row), 四
    assert text3[0][0].startswith("（本列数据的勾稽关系为") and text3[0][3] == "申请人情况"
    assert text3[1][4] == "法人或其他组织" and text3[2][4:9] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert text3[3][0] == "一、本年新收政府信息公开申请数量" and text3[3][3:] == ["0"] * 7
    assert any(row[1] == "（六）其他处理" for row in text3)
    assert [c.text for c in table4.rows[3].cells] == ["0"] * 15
    assert {c.text for row in table2.rows for c in row.cells} >= {
        "规章",
        "规范性文件",
        "行政许可",
        "其他对外管理服务事项",
        "政府集中采购",
        "上一年项目数量",
        "本年增/减",
        "0",
    }


@pytest.mark.slow
def test_seed_004_layout_in_pdf_embeds_a_cjk_font(tree, tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(_zeros_2020(tree)))
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert any("CJK" in line and " yes " in line for line in fonts.splitlines())
    text = "".join(
        subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for label in (
        "本年新收政府信息公开申请数量",
        "结转下年度继续办理",
        "未经复议直接起诉",
        "政府集中采购",
    ):
        assert label in text


def test_html_tables_are_accessible(tree):
    imported(tree["a"], 1, received="2025-03-02", closed="2025-04-01", row="R3.1")
    html = render_html(
        ReportDocument(
            stats=compute_statistics(tree["a"], 2025),
            overview="<p>概况</p>",
            problems="<p>问题</p>",
            other_matters="<p>无</p>",
        )
    )
    assert html.count("<caption>") == 3
    assert 'scope="col"' in html and 'scope="rowgroup"' in html and 'scope="row"' in html
    assert '<html lang="zh-Hans">' in html


def test_json_contract(tree):
    imported(tree["a"], 2, received="2025-03-02", closed="2025-04-01", row="R3.1")
    data = render_json(
        ReportDocument(
            stats=compute_statistics(tree["a"], 2025), overview="", problems="", other_matters=""
        )
    )
    assert {"organ", "year", "format", "proactive", "applications", "remedies", "checks"} <= set(
        data
    )
    assert data["format"] == "2021" and data["year"] == 2025
    assert set(data["applications"]) == set(ROW_CODES)
    assert all(
        set(v) == {"NP", "COM", "RES", "NGO", "LAW", "OTH", "TOT"}
        for v in data["applications"].values()
    )
    assert set(data["remedies"]) == {"review", "litigation_direct", "litigation_after_review"}
    assert all(
        set(v) == {"upheld", "corrected", "other", "pending", "total"}
        for v in data["remedies"].values()
    )
    assert data["applications"]["R3.1"]["NP"] == 2 and data["checks"] == []


@pytest.mark.parametrize("kind", ["html", "docx", "pdf", "pdf_text"])
def test_rendered_reports_parse_back_to_the_same_statistics(tree, tmp_path, kind):
    """Issue #8's round trip: every format we render (and the text of the PDF) reads back."""
    stats = Statistics.blank(organ="江州市青山区教育局", year=2025)
    for n, code in enumerate(ROW_CODES[2:-2], start=1):  # outcome rows
        stats.applications[code].update(NP=n % 7, COM=n % 3, RES=0, NGO=n % 2, LAW=1, OTH=0)
        stats.applications[code]["TOT"] = sum(
            stats.applications[code][c] for c in ("NP", "COM", "RES", "NGO", "LAW", "OTH")
        )
    for c in ("NP", "COM", "RES", "NGO", "LAW", "OTH", "TOT"):
        stats.applications["R3.7"][c] = sum(stats.applications[r][c] for r in ROW_CODES[2:-2])
        stats.applications["R2"][c] = 1 if c != "TOT" else 6
        stats.applications["R4"][c] = 2 if c != "TOT" else 12
        stats.applications["R1"][c] = (
            stats.applications["R3.7"][c]
            + stats.applications["R4"][c]
            - stats.applications["R2"][c]
        )
    stats.remedies["review"].update(upheld=2, corrected=1, other=0, pending=1, total=4)
    stats.proactive["normative_documents"].update(issued=12, repealed=3, in_force=57)
    stats.proactive["licensing"]["decisions"] = 1234
    stats.proactive["fees"]["amount"] = Decimal("3.5")
    assert run_checks(stats) == []
    doc = ReportDocument(
        stats=stats,
        overview="<p>2025年工作概况。</p>",
        problems="<p>问题。</p>",
        other_matters="<p>无。</p>",
    )
    if kind == "html":
        data, name = render_html(doc).encode(), "r.html"
    elif kind == "docx":
        data, name = render_docx(doc), "r.docx"
    else:
        data, name = render_pdf(doc), "r.pdf"
        if kind == "pdf_text":
            (tmp_path / name).write_bytes(data)
            data = subprocess.run(
                ["pdftotext", "-layout", str(tmp_path / name), "-"], capture_output=True, check=True
            ).stdout
            name = "r.txt"
    parsed = parse_report(data, name)
    assert parsed.year == 2025 and parsed.format == "2021"
    mismatched = [p for p, v in stats.cells() if v is not None and parsed.statistics.get(p) != v]
    assert mismatched == []


# --- workflow, CLI, pages -----------------------------------------------------------------------


@time_machine.travel("2026-01-10 10:00 +0800", tick=False)
def test_draft_review_publish_freeze_and_correct(tree, make_staff, client):
    compiler = make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="ogi")
    leader = make_staff(tree["a"], Role.LEADER, username="leader")
    outsider = make_staff(tree["b"], Role.HANDLER, username="outsider")
    imported(tree["a"], 3, received="2025-03-02", closed="2025-04-01", row="R3.1")
    report = report_start(actor=compiler, organ=tree["a"], year=2025)
    assert "共收到政府信息公开申请3件" in report.overview  # the generated draft states the facts
    assert "未收取信息处理费" in report.other_matters
    assert report.due_on == D("2026-01-31")
    with pytest.raises(Exception, match="无权"):
        report_update(actor=outsider, report=report, overview="x")
    report_update(
        actor=compiler, report=report, overview="<p onclick='x()'>概况<script>alert(1)</script></p>"
    )
    report.refresh_from_db()
    assert report.overview == "<p>概况</p>"
    report_update(actor=compiler, report=report, problems="")
    report_transition(actor=compiler, report=report, action="submit")
    report_transition(actor=leader, report=report, action="approve")
    with pytest.raises(Exception, match="存在的主要问题"):
        report_transition(actor=compiler, report=report, action="publish")
    report_transition(actor=leader, report=report, action="return", note="请补充问题")
    report_update(actor=compiler, report=report, problems="<p>人员不足。</p>")
    report_transition(actor=compiler, report=report, action="submit")
    report_transition(actor=leader, report=report, action="approve")
    report_transition(actor=compiler, report=report, action="publish")
    report.refresh_from_db()
    assert (
        report.state == AnnualReport.State.PUBLISHED
        and report.statistics["applications"]["R1"]["TOT"] == 3
    )
    # frozen: later data does not change the published figures
    imported(tree["a"], 2, received="2025-05-02", closed="2025-06-01", row="R3.1")
    assert report_document(report).stats.applications["R1"]["TOT"] == 3
    page = client.get(reverse("annual:report", args=[tree["a"].code, 2025])).content.decode()
    assert "2025年政府信息公开工作年度报告" in page and "人员不足" in page
    # a correction is a new version; publishing it supersedes the old one
    correction = report_correct(actor=compiler, report=report, note="补录5月份的申请")
    for action, actor in (("submit", compiler), ("approve", leader), ("publish", compiler)):
        report_transition(actor=actor, report=correction, action=action)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.SUPERSEDED
    assert (
        report_document(AnnualReport.objects.get(pk=correction.pk)).stats.applications["R1"]["TOT"]
        == 5
    )
    assert (
        "（更正版，第2版"
        in client.get(reverse("annual:report", args=[tree["a"].code, 2025])).content.decode()
    )


def test_cli_annual_contract(tree, tmp_path):
    imported(tree["a"], 2, received="2025-03-02", closed="2025-04-01", row="R3.1")
    out = StringIO()
    call_command(
        "report",
        "annual",
        "--organ",
        tree["a"].code,
        "--year",
        "2025",
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert (
        data["organ"] == tree["a"].name
        and data["applications"]["R1"]["TOT"] == 2
        and data["checks"] == []
    )
    listing = StringIO()
    call_command("report", "annual", "--list", stdout=listing)
    assert tree["a"].code in listing.getvalue()
    with pytest.raises(CommandError, match="未知机关代码"):
        call_command("report", "annual", "--organ", "nope", "--year", "2025", "--format", "json")
    with pytest.raises(CommandError, match="没有任何数据"):
        call_command(
            "report", "annual", "--organ", tree["b"].code, "--year", "2025", "--format", "json"
        )
    target = tmp_path / "r.docx"
    call_command(
        "report",
        "annual",
        "--organ",
        tree["a"].code,
        "--year",
        "2025",
        "--format",
        "docx",
        "-o",
        str(target),
        stderr=StringIO(),
    )
    assert target.read_bytes().startswith(b"PK")


def test_overview_shows_who_has_not_submitted_and_cells_trace_to_cases(tree, make_staff, client):
    head = make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="ogi")
    imported(tree["a"], 2, received="2025-03-02", closed="2025-04-01", row="R3.4.1", kind="LAW")
    report_start(actor=head, organ=tree["a"], year=2025)
    client.force_login(head)
    page = client.get(reverse("reports:overview") + "?year=2025").content.decode()
    assert (
        "尚未提交审核的机关：4 个" in page
    )  # a draft is not yet submitted, nor are the three without a report
    cell = client.get(
        reverse("reports:cell", args=[tree["a"].code, 2025]) + "?cell=applications.R3.4.1.LAW"
    )
    assert cell.status_code == 200 and cell.content.decode().count("导入-T") == 2
    outsider = make_staff(tree["b"], Role.HANDLER, username="outsider")
    client.force_login(outsider)
    assert client.get(reverse("reports:page", args=[tree["a"].code, 2025])).status_code == 404


def test_public_page_only_for_published_reports(tree, client):
    imported(tree["a"], 1, received="2025-03-02", closed="2025-04-01", row="R3.1")
    report_start(actor=None, organ=tree["a"], year=2025)
    assert client.get(reverse("annual:report", args=[tree["a"].code, 2025])).status_code == 404
    assert layout.number_text(Decimal("3.50")) == "3.5"


@pytest.mark.slow
def test_demo_district_report_is_consistent_in_every_format_and_rolls_up(monkeypatch, tmp_path):
    from django.utils import timezone

    from gongkai.orgs.models import Organ

    monkeypatch.setenv("GONGKAI_DEMO_SCALE", "0.05")
    call_command("demo", stdout=StringIO())
    year = timezone.localdate().year - 1
    district = Organ.objects.get(code="qingshan")
    stats = compute_statistics(district, year)
    assert stats.applications["R1"]["TOT"] > 0 and run_checks(stats) == []
    total = compute_statistics(district, year, organ_ids=[district.pk])
    for organ in Organ.objects.filter(parent=district):
        total = add(total, compute_statistics(organ, year))
    assert total.applications == stats.applications and total.remedies == stats.remedies
    for fmt in ("json", "html", "docx", "pdf"):
        target = tmp_path / f"report.{fmt}"
        call_command(
            "report",
            "annual",
            "--organ",
            "qingshan",
            "--year",
            str(year),
            "--format",
            fmt,
            "-o",
            str(target),
            stderr=StringIO(),
        )
        data = target.read_bytes()
        assert data
        if fmt != "json":
            parsed = parse_report(data, target.name)
            assert parsed.statistics.applications == stats.applications, fmt
    assert json.loads((tmp_path / "report.json").read_text())["checks"] == []
