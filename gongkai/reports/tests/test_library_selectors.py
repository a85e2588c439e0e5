"""Reading the library: who sees which reports, generated reports alongside parsed ones,
flags over each organ's series, the comparison rows."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from gongkai.cases.services.importing import ImportRecord, application_import
from gongkai.core.errors import NotFound
from gongkai.orgs.roles import Role, Scope
from gongkai.reports.library.selectors import (
    LibraryFilter,
    default_subjects,
    library_comparison_for,
    library_entries_for,
    library_entry_get_for,
    library_subjects,
)
from gongkai.reports.services import report_start, report_transition, report_update
from gongkai.reports.tests.library_samples import figures, published

pytestmark = pytest.mark.django_db

DATA, EDU = "广州市番禺区政务服务数据管理局", "广州市番禺区教育局"


def listing(entries):
    return [(e.year, e.name, e.kind, [f.rule for f in e.flags]) for e in entries]


def test_the_ogi_office_sees_its_sub_organs_reports_side_by_side(library):
    entries = library_entries_for(library["ogi"])
    assert listing(entries) == [
        (2022, DATA, "parsed", ["tables_empty"]),  # seed 000: 二、三、四 headings only
        (2022, EDU, "generated", ["sudden_jump"]),  # 10 → 45: +35, more than double
        (2022, EDU, "parsed", ["sudden_jump"]),
        (2021, DATA, "parsed", ["no_applications"]),  # 2020 and 2021: none received
        (2021, EDU, "generated", []),
        (2020, DATA, "parsed", ["no_applications"]),
        (2019, "广州市南沙区人民政府", "parsed", ["tables_empty"]),  # seed 001
    ]
    shadowed = [e for e in entries if e.shadowed]
    assert [(e.year, e.name, e.kind) for e in shadowed] == [(2022, EDU, "parsed")]
    assert entries[1].applications_new == 45  # read from the frozen figures
    assert entries[2].applications_new == 45


def test_filters(library):
    user = library["ogi"]

    def names(**kwargs):
        return [(e.year, e.kind) for e in library_entries_for(user, LibraryFilter(**kwargs))]

    assert names(subject="o:panyu-edu") == [
        (2022, "generated"),
        (2022, "parsed"),
        (2021, "generated"),
    ]
    assert names(year=2021) == [(2021, "parsed"), (2021, "generated")]
    assert names(kind="generated") == [(2022, "generated"), (2021, "generated")]
    assert names(flagged=True) == [
        (2022, "parsed"), (2022, "generated"), (2022, "parsed"), (2021, "parsed"), (2020, "parsed"),
        (2019, "parsed"),
    ]  # fmt: skip
    assert names(q="南沙") == [(2019, "parsed")]
    assert names(subject="a:广州市南沙区政府", year=2019) == [(2019, "parsed")]


def test_each_user_sees_what_their_roles_allow(library):
    # a department handler: the department's reports, and public reports of organs outside
    assert listing(library_entries_for(library["edu_handler"])) == [
        (2022, EDU, "generated", ["sudden_jump"]),
        (2022, EDU, "parsed", ["sudden_jump"]),
        (2021, EDU, "generated", []),
        (2019, "广州市南沙区人民政府", "parsed", ["tables_empty"]),
    ]
    # staff of another district: only the reports of organs outside Gongkai
    assert listing(library_entries_for(library["outsider"])) == [
        (2019, "广州市南沙区人民政府", "parsed", ["tables_empty"])
    ]
    # an administrator holds no REPORT_VIEW: nothing
    assert library_entries_for(library["admin"]) == []


def test_one_report_with_its_figures_and_flags(library, panyu):
    ogi = library["ogi"]
    parsed = next(e for e in library_entries_for(ogi) if e.year == 2022 and e.name == DATA)
    entry = library_entry_get_for(ogi, kind="parsed", pk=parsed.pk)
    assert entry.statistics.applications["R1"]["TOT"] == 2
    assert entry.summary == {"applications_new": 2}
    assert [f.rule for f in entry.flags] == ["tables_empty"]
    generated = next(
        e for e in library_entries_for(ogi) if e.kind == "generated" and e.year == 2022
    )
    entry = library_entry_get_for(ogi, kind="generated", pk=generated.pk)
    assert entry.statistics.applications["R3.3.6"]["TOT"] == 5
    assert [f.rule for f in entry.flags] == ["sudden_jump"]
    # the department handler may not see the 政数局's report; unknown kinds are not found
    with pytest.raises(NotFound):
        library_entry_get_for(library["edu_handler"], kind="parsed", pk=parsed.pk)
    with pytest.raises(NotFound):
        library_entry_get_for(ogi, kind="draft", pk=generated.pk)


def test_comparison_prefers_the_generated_report_and_fills_every_year(library):
    ogi = library["ogi"]
    subjects = library_subjects(library_entries_for(ogi))
    assert [s.key for s in subjects] == ["o:panyu-data", "o:panyu-edu", "a:广州市南沙区政府"]
    comparison = library_comparison_for(
        ogi,
        subjects=["o:panyu-data", "o:panyu-edu", "o:nope"],
        year_from=2020,
        year_to=2022,
        known=subjects,
    )
    assert [s.key for s in comparison.subjects] == [
        "o:panyu-data",
        "o:panyu-edu",
    ]  # unknown dropped
    rows = [
        (r.subject.key, r.year, r.entry.kind if r.entry else None,
         r.figures.applications_new if r.figures else None)
        for r in comparison.rows
    ]  # fmt: skip
    assert rows == [
        ("o:panyu-data", 2020, "parsed", 0),
        ("o:panyu-data", 2021, "parsed", 0),
        ("o:panyu-data", 2022, "parsed", 2),
        ("o:panyu-edu", 2020, None, None),  # no report that year
        ("o:panyu-edu", 2021, "generated", 10),
        ("o:panyu-edu", 2022, "generated", 45),
    ]
    edu_2022 = comparison.row("o:panyu-edu", 2022).figures
    assert edu_2022.outcomes["withhold"] == 5 and edu_2022.outcomes["disclose"] == 40
    assert [f.rule for f in comparison.row("o:panyu-data", 2021).flags] == ["no_applications"]


def test_default_subjects_are_the_sub_organs_not_their_roll_up(library, panyu):
    ogi = library["ogi"]
    published(panyu["gov"], figures("广州市番禺区人民政府", 2022, new=47, withheld=5))
    subjects = library_subjects(library_entries_for(ogi))
    assert default_subjects(ogi, subjects) == ["o:panyu-data", "o:panyu-edu"]
    edu = library["edu_handler"]
    assert default_subjects(edu, library_subjects(library_entries_for(edu))) == ["o:panyu-edu"]
    outsider = library["outsider"]
    assert default_subjects(outsider, library_subjects(library_entries_for(outsider))) == [
        "a:广州市南沙区政府"
    ]


@time_machine.travel("2026-01-10 10:00 +0800", tick=False)
def test_a_report_published_through_the_workflow_is_in_the_library(tree, make_staff):
    compiler = make_staff(tree["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="compiler")
    leader = make_staff(tree["a"], Role.LEADER, username="leader")
    for n in range(3):
        application_import(
            organ=tree["a"],
            record=ImportRecord(
                ref=f"L{n}",
                received_on=date(2025, 3, 2),
                applicant_type="NP",
                applicant_name="某人",
                description="某信息",
                closed_on=date(2025, 4, 1),
                outcome="R3.1",
                remedies=(),
            ),
        )
    report = report_start(actor=compiler, organ=tree["a"], year=2025)
    report_update(actor=compiler, report=report, problems="<p>人员不足。</p>")
    assert library_entries_for(compiler) == []  # a draft is not in the library
    for action, actor in (("submit", compiler), ("approve", leader), ("publish", compiler)):
        report_transition(actor=actor, report=report, action=action)
    (entry,) = library_entries_for(compiler)
    assert (entry.kind, entry.organ, entry.year, entry.applications_new) == (
        "generated",
        tree["a"],
        2025,
        3,
    )
    assert entry.source_name == "第1版"


def test_interpretation_ratio_comes_from_the_publications_app_when_installed(
    library, panyu, monkeypatch
):
    """The contract of ``publications.selectors.interpretation_ratio(organ_ids, year)``:
    ``policies`` made and published in the year, ``interpreted`` of them (三同步)."""
    import sys
    import types

    from gongkai.reports.library import selectors

    calls = []

    def interpretation_ratio(organ_ids, year):
        calls.append((list(organ_ids), year))
        return {"policies": 4, "interpreted": 3, "ratio": 75, "interpretations_published": 5}

    module = types.ModuleType("gongkai.publications.selectors")
    module.interpretation_ratio = interpretation_ratio
    monkeypatch.setitem(
        sys.modules, "gongkai.publications", types.ModuleType("gongkai.publications")
    )
    monkeypatch.setitem(sys.modules, "gongkai.publications.selectors", module)
    installed = selectors.apps.is_installed
    monkeypatch.setattr(
        selectors.apps,
        "is_installed",
        lambda name: name == "gongkai.publications" or installed(name),
    )
    ogi = library["ogi"]
    comparison = library_comparison_for(
        ogi,
        subjects=["o:panyu-data", "o:panyu-edu"],
        year_from=2021,
        year_to=2022,
        known=library_subjects(library_entries_for(ogi)),
    )
    ratios = {(r.subject.key, r.year): r.figures.interpretation_ratio for r in comparison.rows}
    # generated reports: 3 of 4; parsed reports do not state it
    assert ratios == {
        ("o:panyu-data", 2021): None,
        ("o:panyu-data", 2022): None,
        ("o:panyu-edu", 2021): 0.75,
        ("o:panyu-edu", 2022): 0.75,
    }
    assert calls == [([panyu["edu"].pk], 2021), ([panyu["edu"].pk], 2022)]
