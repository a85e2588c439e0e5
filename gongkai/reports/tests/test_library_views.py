"""Report-library pages: the list with filters, importing files, one report, the comparison
with its charts, and the CSV exports (parsed back in the tests). Query counts are asserted on
the list and comparison pages: they do not grow with the number of reports."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.orgs.roles import Role
from gongkai.reports.library import export
from gongkai.reports.library.services import library_import
from gongkai.reports.models import AnnualReport, LibraryReport
from gongkai.reports.tests.library_samples import figures, published, report_file, seed

pytestmark = pytest.mark.django_db

DATA, EDU = "广州市番禺区政务服务数据管理局", "广州市番禺区教育局"
SVG = "{http://www.w3.org/2000/svg}"


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode())  # BOM: Excel reads the Chinese correctly
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def more_reports(panyu, ogi, years):
    """More years of both departments: parsed for the 政数局, generated for the 教育局."""
    for year in years:
        data, name = report_file(figures(DATA, year, new=3))
        library_import(actor=ogi, data=data, filename=name)
        published(panyu["edu"], figures(EDU, year, new=12, withheld=2))


# --- list -----------------------------------------------------------------------------------


def test_list_page(client, library):
    client.force_login(library["ogi"])
    page = client.get(reverse("reports:library")).content.decode()
    assert "共 7 份" in page and "其中有异常提示的 6 份" in page
    assert page.count("平台外机关") == 1  # 南沙区
    assert "连续无申请" in page and "申请量骤增" in page and "表格未填写" in page
    assert "（平台已发布该年度报告，比对时以平台数据为准）" in page
    assert reverse("reports:library_import") in page  # the OGI office may import


def test_list_filters_and_field_errors(client, library):
    client.force_login(library["ogi"])
    page = client.get(reverse("reports:library"), {"subject": "o:panyu-edu"}).content.decode()
    assert "符合条件的报告 3 份" in page
    page = client.get(reverse("reports:library"), {"flagged": "on", "year": "2021"})
    assert "符合条件的报告 1 份" in page.content.decode()  # 政数局 2021 (2021 教育局 has no flag)
    page = client.get(reverse("reports:library"), {"year": "1990"}).content.decode()
    assert 'id="id_year_error"' in page and "符合条件的报告 7 份" in page  # invalid: unfiltered


def test_list_page_query_count_does_not_grow_with_reports(
    client, library, panyu, django_assert_max_num_queries
):
    client.force_login(library["ogi"])
    url = reverse("reports:library")
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    more_reports(panyu, library["ogi"], range(2010, 2016))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "共 19 份" in page  # 7 + 6 parsed + 6 generated


def test_who_may_open_the_library(client, library):
    url = reverse("reports:library")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(library["admin"])  # no REPORT_VIEW
    assert client.get(url).status_code == 404
    assert client.get(reverse("reports:library_compare")).status_code == 404
    assert client.get(reverse("reports:library_import")).status_code == 404
    client.force_login(library["outsider"])
    page = client.get(url).content.decode()
    assert "共 1 份" in page and DATA not in page and "南沙区" in page


def test_library_csv(client, library):
    client.force_login(library["ogi"])
    rows = read_csv(client.get(reverse("reports:library_csv"), {"subject": "o:panyu-data"}))
    assert rows[0][:4] == ["统计年度", "机关", "机关代码", "来源"]
    by_year = {row[0]: row for row in rows[1:]}
    assert sorted(by_year) == ["2020", "2021", "2022"]
    assert by_year["2022"][1:4] == [DATA, "panyu-data", "解析导入"]
    assert by_year["2022"][6] == "2"  # 本年新收申请 (seed 000: 受理…申請2宗)
    assert by_year["2022"][8] == "表二、表三、表四"
    assert by_year["2020"][9].startswith("连续无申请：连续2年（2020–2021年）")
    assert by_year["2020"][4] == "2019"  # the 2020 report is in the 2019 format


def test_csv_cells_that_a_spreadsheet_would_run_are_defused(client, library):
    assert export.cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert export.cell("@SUM(A1)") == "'@SUM(A1)"
    assert export.cell(-3) == -3 and export.cell(None) == "" and export.cell("局") == "局"
    LibraryReport.objects.filter(organ__isnull=True).update(agency="=cmd|' /C calc'!A0")
    client.force_login(library["ogi"])
    rows = read_csv(client.get(reverse("reports:library_csv"), {"year": "2019"}))
    assert rows[1][1] == "'=cmd|' /C calc'!A0"


# --- import ---------------------------------------------------------------------------------


def test_import_several_files_one_of_them_bad(client, panyu, make_staff):
    from gongkai.orgs.roles import Scope

    client.force_login(make_staff(panyu["gov"], Role.OGI_HEAD, Scope.SUBTREE))
    url = reverse("reports:library_import")
    assert client.get(url).status_code == 200
    data, name = seed("000")
    response = client.post(
        url,
        {
            "files": [
                SimpleUploadedFile(name, data, content_type="text/plain"),
                SimpleUploadedFile("broken.pdf", b"\x00\x01\x02\xff" * 40),
            ]
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "共 2 个文件：导入 1 个，1 个未能导入" in page
    assert "未导入：文件不是文本，也不是 PDF 或 DOCX" in page
    assert (
        f'已导入：<a href="{reverse("reports:library_detail", args=["parsed", LibraryReport.objects.get().pk])}">'
        in page
    )
    assert LibraryReport.objects.count() == 1
    # the same file again: the existing record is updated
    page = client.post(url, {"files": SimpleUploadedFile(name, data)}).content.decode()
    assert "已更新原有记录" in page and LibraryReport.objects.count() == 1


def test_import_form_errors(client, panyu, make_staff):
    client.force_login(make_staff(panyu["edu"], Role.HANDLER))
    url = reverse("reports:library_import")
    page = client.post(url, {}).content.decode()
    assert 'id="id_files_error"' in page and "请选择要导入的文件" in page
    # the organ list holds only organs the user compiles reports for
    page = client.post(
        url, {"files": SimpleUploadedFile("r.txt", b"x"), "organ": "panyu-data"}
    ).content.decode()
    assert 'id="id_organ_error"' in page
    assert not LibraryReport.objects.exists()


def test_import_with_a_forced_organ(client, panyu, make_staff):
    client.force_login(make_staff(panyu["edu"], Role.HANDLER))
    text = "2022年政府信息公开工作年度报告\n本年新收政府信息公开申请3件。".encode()
    page = client.post(
        reverse("reports:library_import"),
        {"files": SimpleUploadedFile("r.txt", text)},
    ).content.decode()
    assert "未能识别发布机关，请指定机关后再导入" in page
    page = client.post(
        reverse("reports:library_import"),
        {"files": SimpleUploadedFile("r.txt", text), "organ": "panyu-edu"},
    ).content.decode()
    report = LibraryReport.objects.get()
    assert report.organ == panyu["edu"] and report.applications_new == 3
    assert "已导入" in page


def test_only_compilers_may_import(client, panyu, make_staff):
    client.force_login(make_staff(panyu["edu"], Role.LEADER))  # views and approves only
    assert client.get(reverse("reports:library_import")).status_code == 404
    page = client.get(reverse("reports:library")).content.decode()
    assert reverse("reports:library_import") not in page


# --- one report -----------------------------------------------------------------------------


def test_detail_of_a_parsed_report(client, library):
    client.force_login(library["ogi"])
    report = LibraryReport.objects.get(organ__code="panyu-data", year=2022)
    page = client.get(reverse("reports:library_detail", args=["parsed", report.pk])).content
    page = page.decode()
    assert "广州市番禺区政务服务数据管理局 2022年度报告" in page
    assert "受理政府信息公開申請2宗" in page  # the evidence, as published
    assert "表三（收到和处理政府信息公开申请情况）只有标题，没有可读的数字" in page  # warning
    assert "表格未填写：表二、表三、表四只有标题，没有填写数字" in page  # flag
    assert "<caption>三、收到和处理政府信息公开申请情况</caption>" in page
    assert "一、本年新收政府信息公开申请数量 · 总计" in page  # cell evidence table


def test_detail_of_a_generated_report_links_to_the_report(client, library):
    client.force_login(library["ogi"])
    generated = AnnualReport.objects.get(organ__code="panyu-edu", year=2022)
    response = client.get(reverse("reports:library_detail", args=["generated", generated.pk]))
    page = response.content.decode()
    assert reverse("reports:page", args=["panyu-edu", 2022]) in page
    assert "申请量骤增" in page
    client.force_login(library["outsider"])
    assert (
        client.get(reverse("reports:library_detail", args=["generated", generated.pk])).status_code
        == 404
    )


# --- comparison -----------------------------------------------------------------------------


def test_compare_page_defaults_to_the_sub_organs(client, library):
    client.force_login(library["ogi"])
    response = client.get(reverse("reports:library_compare"))
    page = response.content.decode()
    assert response.status_code == 200
    # default: the two departments (the district government has no report), 2020–2022
    assert '<option value="o:panyu-data" selected>' in page
    assert '<option value="o:panyu-edu" selected>' in page
    assert '<option value="a:广州市南沙区政府">' in page
    assert "2022年办理结果构成" in page
    svgs = [
        ET.fromstring(part.split("</svg>")[0] + "</svg>")
        for part in ["<svg" + p for p in page.split("<svg")[1:]]
    ]
    assert len(svgs) == 3
    for svg in svgs:  # accessible images: a title and a description, referenced by id
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # 政数局 2020–2022: three points, one line; 教育局: no report in 2020, then 2021–2022
    assert len(svgs[0].findall(f"{SVG}polyline")) == 2
    assert len(svgs[0].findall(f"{SVG}circle")) == 5
    assert "<caption>本年新收申请（件）</caption>" in page
    assert "<caption>2022年办理结果（件）</caption>" in page
    # seed 000 states no outcomes: its bar is a note, and its rates are unknown
    mix, rates = ET.tostring(svgs[1], encoding="unicode"), ET.tostring(svgs[2], encoding="unicode")
    assert "数据不全" in mix and mix.count("<ns0:rect") == 6 + 2  # 6 legend keys, 教育局 2 parts
    assert "复议率：未知" in rates


def test_compare_table_values(client, library):
    client.force_login(library["ogi"])
    response = client.get(
        reverse("reports:library_compare"),
        {"subjects": ["o:panyu-edu"], "year_from": "2021", "year_to": "2022"},
    )
    page = response.content.decode()
    # 教育局 2022: 45 received, 5 withheld, 40 disclosed; no review, rates 0.0%
    assert '<td class="num">45</td>' in page and '<td class="num">40</td>' in page
    assert '<td class="num">0.0%</td>' in page


def test_compare_form_errors(client, library):
    client.force_login(library["ogi"])
    url = reverse("reports:library_compare")
    page = client.get(
        url, {"subjects": ["o:panyu-edu"], "year_from": "2022", "year_to": "2020"}
    ).content.decode()
    assert 'id="id_year_to_error"' in page and "截止年度不能早于起始年度" in page
    page = client.get(url, {"subjects": ["o:nope"], "year_from": "2020", "year_to": "2022"})
    assert 'id="id_subjects_error"' in page.content.decode()
    assert (
        client.get(reverse("reports:library_compare_csv"), {"subjects": ["o:nope"]}).status_code
        == 404
    )


def test_compare_with_an_empty_library(client, panyu, make_staff):
    client.force_login(make_staff(panyu["edu"], Role.HANDLER))
    page = client.get(reverse("reports:library_compare")).content.decode()
    assert "年报库中还没有可比对的报告" in page


def test_compare_page_query_count_does_not_grow(
    client, library, panyu, django_assert_max_num_queries
):
    client.force_login(library["ogi"])
    url = reverse("reports:library_compare")
    query = {"subjects": ["o:panyu-data", "o:panyu-edu"], "year_from": "2020", "year_to": "2022"}
    with CaptureQueriesContext(connection) as few:
        assert "指标一览" in client.get(url, query).content.decode()
    more_reports(panyu, library["ogi"], range(2010, 2016))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {**query, "year_from": "2010"}).content.decode()
    assert page.count("<td>2013</td>") == 2  # both departments now have 2013


def test_comparison_csv(client, library):
    client.force_login(library["ogi"])
    rows = read_csv(
        client.get(
            reverse("reports:library_compare_csv"),
            {"subjects": ["o:panyu-data", "o:panyu-edu"], "year_from": "2020", "year_to": "2022"},
        )
    )
    header = rows[0]
    assert header[:4] == ["机关", "机关代码", "统计年度", "来源"]
    assert "复议率（%）" in header and "政策解读比例（%）" in header
    table = {(row[1], row[2]): dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert len(table) == 6  # two departments × three years
    edu = table[("panyu-edu", "2022")]
    assert edu["来源"] == "平台生成" and edu["本年新收申请"] == "45"
    assert edu["予以公开"] == "40" and edu["不予公开"] == "5" and edu["本年办结"] == "45"
    assert edu["行政复议"] == "0" and edu["复议率（%）"] == "0.00"
    assert edu["政策解读比例（%）"] == ""  # not known
    assert edu["异常提示"].startswith("申请量骤增：本年新收申请45件，比上年（10件）增加35件")
    assert table[("panyu-edu", "2020")]["来源"] == "无报告"
    data_2022 = table[("panyu-data", "2022")]
    # seed 000 states only the applications received
    assert data_2022["本年新收申请"] == "2" and data_2022["本年办结"] == ""
    assert data_2022["异常提示"] == "表格未填写：表二、表三、表四只有标题，没有填写数字"


def test_pages_have_no_inline_styles_or_scripts(client, library):
    """The site's CSP allows styles and scripts from 'self' only; charts are SVG with
    presentation attributes, styles come from reports/library.css."""
    client.force_login(library["ogi"])
    report = LibraryReport.objects.get(organ__code="panyu-data", year=2022)
    for url in (
        reverse("reports:library"),
        reverse("reports:library_compare"),
        reverse("reports:library_import"),
        reverse("reports:library_detail", args=["parsed", report.pk]),
    ):
        page = client.get(url).content.decode()
        assert "reports/library.css" in page
        assert "<style" not in page and " style=" not in page
        assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # scripts only from files
