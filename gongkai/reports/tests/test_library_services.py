"""Importing published reports into the library: matching the publisher to an organ,
deduplication by organ and year, permissions, bad input (nothing half-written). Expected
figures are read from the seeds (quoted) or are the figures the test put into a report."""

from __future__ import annotations

import hashlib

import pytest

from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.core.models import AuditEvent
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Role, Scope
from gongkai.orgs.services import organ_create
from gongkai.reports.library import services
from gongkai.reports.library.services import agency_key, library_import, organ_match
from gongkai.reports.models import LibraryReport
from gongkai.reports.statistics import Statistics
from gongkai.reports.tests.library_samples import figures, report_file, seed

# --- matching (pure) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("江州市 青山区　人民政府", "江州市青山区政府"),
        ("青山区政府", "青山区政府"),
        ("江州市青山区新桥街道办事处", "江州市青山区新桥街道"),
        ("江州市青山区新桥街道办", "江州市青山区新桥街道"),
        ("广州市黄埔区人民政府 广州开发区管委会", "广州市黄埔区政府广州开发区管委会"),
        ("江州市经济技术开发区管理委员会", "江州市经济技术开发区管委会"),
        ("（江州市）青山区教育局", "江州市青山区教育局"),
        ("江州市青山区·教育局", "江州市青山区教育局"),
    ],
)
def test_agency_key(name, key):
    assert agency_key(name) == key


ORGANS = [
    "江州市青山区人民政府",
    "江州市青山区教育局",
    "江州市青山区民政局",
    "江州市白沙区教育局",
    "舟山市定海区人民政府",
]


@pytest.mark.parametrize(
    ("agency", "expected"),
    [
        ("江州市青山区教育局", "江州市青山区教育局"),  # 1. the full name
        ("江州市青山区 教育局", "江州市青山区教育局"),  # 2. whitespace
        ("江州市青山区政府", "江州市青山区人民政府"),  # 2. 政府 = 人民政府
        ("定海区人民政府", "舟山市定海区人民政府"),  # 3. without the city
        ("浙江省舟山市定海区人民政府", "舟山市定海区人民政府"),  # 3. with the province
        ("青山区教育局", "江州市青山区教育局"),  # 3. one 青山区教育局 only
        ("教育局", None),  # names no region: never matched
        ("江州市教育局", None),  # the city's bureau is not the district's
        ("广州市番禺区政务服务数据管理局", None),  # not in Gongkai
        ("", None),
    ],
)
def test_organ_match(agency, expected):
    organs = [Organ(pk=n, name=name) for n, name in enumerate(ORGANS, start=1)]
    found = organ_match(agency, organs)
    assert (found.name if found else None) == expected


def test_an_ambiguous_name_matches_nothing():
    organs = [Organ(pk=1, name="江州市青山区教育局"), Organ(pk=2, name="湖州市青山区教育局")]
    assert organ_match("青山区教育局", organs) is None
    same = [Organ(pk=1, name="青山区人民政府"), Organ(pk=2, name="青山区政府")]
    assert organ_match("青山区 人民政府", same) is None  # two organs with that key


# --- importing ------------------------------------------------------------------------------


@pytest.fixture
def ogi(panyu, make_staff):
    """The district's OGI office: compiles reports for the district and its departments."""
    return make_staff(panyu["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="ogi")


def test_import_a_seed_report_matched_to_its_organ(panyu, ogi):
    data, name = seed("000")
    report, created = library_import(actor=ogi, data=data, filename=name)
    assert created
    # 廣州市番禺區政務服務數據管理局2022年政府信息公開工作年度報告
    assert report.organ == panyu["data"]
    assert (report.agency, report.year, report.format, report.script) == (
        "广州市番禺区政务服务数据管理局",
        2022,
        "2021",
        "traditional",
    )
    # 2022年,我局受理政府信息公開申請2宗 — and the three tables are headings only
    assert report.summary == {"applications_new": 2}
    assert "受理政府信息公開申請2宗" in report.evidence["applications_new"]
    assert report.statistics["applications"]["R1"]["TOT"] == 2
    assert report.statistics["applications"]["R1"]["NP"] is None  # not stated, not guessed
    assert "受理政府信息公開申請2宗" in report.statistics["evidence"]["applications.R1.TOT"]
    assert report.applications_new == 2 and report.check_errors == 0
    assert report.empty_tables == "二三四"
    assert [w["rule"] for w in report.warnings].count("table_empty") == 3
    assert report.source_name == name
    assert report.source_sha256 == hashlib.sha256(data).hexdigest()
    assert report.imported_by == ogi
    event = AuditEvent.objects.get(action="library_report.import")
    assert event.organ_id == panyu["data"].pk and event.target_id == str(report.pk)
    assert event.data["year"] == 2022 and event.data["source"] == name


def test_importing_the_same_organ_and_year_again_updates_in_place(panyu, ogi):
    data, name = seed("000")
    first, _ = library_import(actor=ogi, data=data, filename=name)
    again, created = library_import(actor=ogi, data=data, filename=name)
    assert not created and again.pk == first.pk
    # a corrected copy of the report: 受理…5宗 instead of 2宗
    fixed = data.decode("utf-8").replace("申請2宗", "申請5宗").encode("utf-8")
    corrected, created = library_import(actor=ogi, data=fixed, filename="更正版.txt")
    assert not created and corrected.pk == first.pk
    corrected.refresh_from_db()
    assert corrected.applications_new == 5 and corrected.source_name == "更正版.txt"
    assert LibraryReport.objects.count() == 1
    assert AuditEvent.objects.filter(action="library_report.reimport").count() == 2
    # another year of the same organ is another report (seed 004: the 2020 report)
    data, name = seed("004")
    other, created = library_import(actor=ogi, data=data, filename=name)
    assert created and other.organ == panyu["data"] and other.year == 2020
    # every cell of tables 二, 三 and 四 is 0
    assert other.applications_new == 0 and other.empty_tables == "" and other.format == "2019"
    assert LibraryReport.objects.filter(organ=panyu["data"]).count() == 2


def test_a_report_of_an_organ_outside_gongkai_keeps_the_agency_name(panyu, ogi):
    data, name = seed("001")
    report, created = library_import(actor=ogi, data=data, filename=name)
    # 版权所有:广州市南沙区人民政府; 2019年,我区共受理信息公开申请964件
    assert created and report.organ is None
    assert report.agency == "广州市南沙区人民政府" and report.agency_key == "广州市南沙区政府"
    assert report.year == 2019 and report.applications_new == 964
    again, created = library_import(actor=ogi, data=data, filename="copy.html")
    assert not created and again.pk == report.pk  # deduplicated by agency and year
    event = AuditEvent.objects.get(action="library_report.import")
    assert event.organ_id is None


def test_reports_of_different_organs_outside_gongkai_are_different_reports(panyu, ogi):
    # seed 002 (定海区人民政府) and seed 003 (广州市黄埔区人民政府 广州开发区管委会): both 2022
    first, _ = library_import(actor=ogi, data=seed("002")[0], filename=seed("002")[1])
    second, created = library_import(actor=ogi, data=seed("003")[0], filename=seed("003")[1])
    assert created and second.pk != first.pk
    assert sorted(LibraryReport.objects.values_list("agency", "year")) == [
        ("定海区人民政府", 2022),
        ("广州市黄埔区人民政府 广州开发区管委会", 2022),
    ]
    # and neither is the 2022 report of the 政数局 (in Gongkai; seed 000)
    third, created = library_import(actor=ogi, data=seed("000")[0], filename=seed("000")[1])
    assert created and third.organ == panyu["data"] and LibraryReport.objects.count() == 3


def test_an_earlier_import_is_adopted_when_the_organ_joins_gongkai(panyu, ogi):
    data, name = seed("001")
    orphan, _ = library_import(actor=ogi, data=data, filename=name)
    # a forced import for the new organ from another file: a second row for the same year …
    nansha = organ_create(
        actor=None,
        code="nansha",
        name="广州市南沙区人民政府",
        short_name="南沙区政府",
        level=Organ.Level.GOVERNMENT,
    )
    html, html_name = report_file(figures("南沙区政府办公室", 2019, new=964))
    forced, created = library_import(actor=None, data=html, filename=html_name, organ=nansha)
    assert created and forced.organ == nansha and LibraryReport.objects.count() == 2
    # … until the seed is imported again and matched: one report per organ and year
    merged, created = library_import(actor=None, data=data, filename=name)
    assert not created and merged.pk == forced.pk and merged.organ == nansha
    assert merged.agency == "广州市南沙区人民政府"
    assert list(LibraryReport.objects.values_list("pk", flat=True)) == [forced.pk]
    assert AuditEvent.objects.filter(
        action="library_report.merge", target_id=str(orphan.pk)
    ).exists()


def test_an_orphan_alone_is_adopted(panyu):
    data, name = seed("001")
    orphan, _ = library_import(actor=None, data=data, filename=name)
    nansha = organ_create(
        actor=None,
        code="nansha",
        name="广州市南沙区人民政府",
        short_name="南沙区政府",
        level=Organ.Level.GOVERNMENT,
    )
    adopted, created = library_import(actor=None, data=data, filename=name)
    assert not created and adopted.pk == orphan.pk and adopted.organ == nansha


def test_a_gongkai_rendered_report_reads_back_exactly(tree, make_staff):
    head = make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE)
    stats = figures(
        "江州市青山区教育局", 2023, new=40, withheld=3, cannot_provide=7, carried_out=2, review=1
    )
    data, name = report_file(stats)
    report, _ = library_import(actor=head, data=data, filename=name)
    assert report.organ == tree["a"]
    stored = Statistics.from_dict(report.statistics)
    assert stored.applications["R3.1"]["TOT"] == 28  # 40 − 3 − 7 − 2
    assert [path for path, value in stats.cells() if stored.get(path) != value] == []
    assert report.empty_tables == "" and report.check_errors == 0


def test_forcing_the_organ(panyu, ogi):
    # no publisher in the text: refused unless the organ is given
    data = "2022年政府信息公开工作年度报告\n本年新收政府信息公开申请3件。".encode()
    with pytest.raises(InvalidInput) as error:
        library_import(actor=ogi, data=data, filename="r.txt")
    assert error.value.code == "agency_unknown" and error.value.field == "organ"
    report, _ = library_import(actor=ogi, data=data, filename="r.txt", organ=panyu["edu"])
    assert report.organ == panyu["edu"] and report.agency == "广州市番禺区教育局"
    assert report.year == 2022


# --- permissions ----------------------------------------------------------------------------


def test_importing_needs_report_compile_in_the_matched_organ(panyu, tree, make_staff):
    data, name = seed("000")  # 广州市番禺区政务服务数据管理局
    elsewhere = make_staff(tree["a"], Role.HANDLER)  # compiles reports of 江州市青山区教育局 only
    with pytest.raises(NotAllowed):
        library_import(actor=elsewhere, data=data, filename=name)
    leader = make_staff(panyu["data"], Role.LEADER)  # approves reports, does not compile them
    with pytest.raises(NotAllowed):
        library_import(actor=leader, data=data, filename=name)
    in_department = make_staff(panyu["data"], Role.HANDLER)
    report, _ = library_import(actor=in_department, data=data, filename=name)
    assert report.organ == panyu["data"]
    assert LibraryReport.objects.count() == 1


def test_a_report_outside_gongkai_needs_report_compile_somewhere(panyu, tree, make_staff):
    data, name = seed("002")  # 定海区人民政府: not in Gongkai
    with pytest.raises(NotAllowed):
        library_import(actor=make_staff(tree["a"], Role.LEGAL), data=data, filename=name)
    report, _ = library_import(actor=make_staff(tree["a"], Role.HANDLER), data=data, filename=name)
    assert report.organ is None and report.agency == "定海区人民政府"


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "empty.txt", "file_empty"),
        (b"\x00\x01\x02\xff\xfe" * 50, "x.pdf", "unreadable"),  # neither text, PDF nor DOCX
        (b"hello world", "x.txt", "unreadable"),  # no Chinese text
        ("某某机关没有任何年份的说明，本机关今年没有收到申请。".encode(), "x.txt", "year_unknown"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(panyu, ogi, data, filename, code):
    with pytest.raises(InvalidInput) as error:
        library_import(actor=ogi, data=data, filename=filename)
    assert error.value.code == code and error.value.field == "file"
    assert not LibraryReport.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="library_report").exists()


def test_too_large_a_file_is_refused(panyu, ogi, monkeypatch):
    monkeypatch.setattr(services, "MAX_BYTES", 100)
    data, name = seed("000")
    with pytest.raises(InvalidInput) as error:
        library_import(actor=ogi, data=data, filename=name)
    assert error.value.code == "file_too_large"


def test_a_parser_failure_is_a_field_error_not_a_crash(panyu, ogi, monkeypatch):
    def broken(data, filename):
        raise ValueError("boom")

    monkeypatch.setattr(services, "parse_report", broken)
    data, name = seed("000")
    with pytest.raises(InvalidInput) as error:
        library_import(actor=ogi, data=data, filename=name)
    assert error.value.code == "unreadable" and error.value.message == "解析失败：ValueError"
    assert not LibraryReport.objects.exists()


def test_a_concurrent_import_of_the_same_report_is_a_conflict(panyu, ogi, monkeypatch):
    from django.db import IntegrityError

    from gongkai.core.errors import Conflict

    def collide(**fields):
        raise IntegrityError("library_report_organ_year_unique")

    monkeypatch.setattr(LibraryReport.objects, "create", collide)
    data, name = seed("000")
    with pytest.raises(Conflict) as error:
        library_import(actor=ogi, data=data, filename=name)
    assert error.value.code == "import_conflict"
    assert not AuditEvent.objects.filter(action__startswith="library_report").exists()
