"""``gongkai demo`` adds a realistic catalogue, idempotently; its data file is consistent."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from django.utils import timezone

from gongkai.orgs import demo as orgs_demo
from gongkai.orgs.models import Organ
from gongkai.publications import demo
from gongkai.publications.models import (
    Comment,
    Consultation,
    DecisionRecord,
    Document,
    Genre,
    Kind,
    State,
)
from gongkai.publications.selectors import interpretation_ratio, proactive_figures
from gongkai.publications.services.imports import policy_class_from_number

ORGAN_CODES = {orgs_demo.GOVERNMENT_CODE} | {
    f"{orgs_demo.GOVERNMENT_CODE}-{suffix}"
    for suffix, _, _ in orgs_demo.DEPARTMENTS + orgs_demo.TOWNSHIPS
}


def _rows():
    return demo.demo_rows()


def test_every_demo_document_has_a_distinct_title_and_number_in_any_year():
    for year in (2026, 2031):  # titles and 文号 carry years relative to the demo's today
        today = date(year, 6, 30)
        titles = [demo.with_year(r["title"], demo.row_year(r, today)) for r in _rows()]
        assert [t for t, n in Counter(titles).items() if n > 1] == []
        numbers = [
            (r["organ"], demo.with_year(r["doc_number"], demo.row_year(r, today)))
            for r in _rows()
            if r.get("doc_number")
        ]
        assert [k for k, n in Counter(numbers).items() if n > 1] == []


def test_demo_documents_use_known_organs_metadata_and_references():
    titles = {r["title"] for r in _rows()}
    categories = {code for code, _, children in _categories() for code in [code, *children]}
    for row in _rows():
        assert row["organ"] in ORGAN_CODES, row["title"]
        assert row["kind"] in Kind.values and row["genre"] in Genre.values, row["title"]
        assert row["category"] in categories, row["title"]
        if not row.get("disclosure"):  # a withheld one has no public text
            assert len(row["body"]) >= 80, row["title"]  # several sentences, not a stub
        for key in ("interprets", "repealed_by"):
            assert row.get(key) is None or row[key] in titles, (row["title"], key)
        assert (row["kind"] == "interpretation") == bool(row.get("interprets")), row["title"]


def test_every_organ_of_the_demo_tree_has_documents_beyond_its_annual_report():
    counts = Counter(
        r["organ"]
        for r in _rows()
        if "政府信息公开工作年度报告" not in r["title"] and not r.get("stage")
    )
    assert {code for code in ORGAN_CODES if counts[code] < 2} == set()


def test_reports_the_reports_app_compiles_are_not_also_made_up_in_the_catalogue():
    """Last year's reports of the district and the departments that ``reports.demo`` compiles
    from the records would contradict a hand-written copy with other figures."""
    from gongkai.reports.demo import PUBLISHED_DEPARTMENTS

    compiled = {orgs_demo.GOVERNMENT_CODE} | {
        f"{orgs_demo.GOVERNMENT_CODE}-{c}" for c in PUBLISHED_DEPARTMENTS
    }
    made_up = [
        r["title"]
        for r in _rows()
        if r["organ"] in compiled and r["year"] == -1 and "政府信息公开工作年度报告" in r["title"]
    ]
    assert made_up == []
    assert any("政府信息公开工作年度报告" in r["title"] for r in _rows())  # others' remain


def test_recent_normative_documents_are_published_with_an_interpretation():
    """三同步: this year's and last year's 行政规范性文件 each have a 解读 in the data."""
    interpreted = {r["interprets"] for r in _rows() if r.get("interprets")}
    for row in _rows():
        number = row.get("doc_number", "")
        if row.get("year", 0) >= -1 and policy_class_from_number(row["kind"], number):
            assert row["title"] in interpreted, row["title"]


def _categories():
    from gongkai.publications.data.categories import CATEGORIES

    return [(code, name, [c for c, _ in children]) for code, name, children in CATEGORIES]


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_loads_once():
    orgs_demo.load()
    lines = demo.load()
    assert "主动公开" in lines[0]
    published = Document.objects.filter(state=State.PUBLISHED)
    expected = [r for r in _rows() if not r.get("stage")]
    assert published.count() == len(expected) >= 250
    assert len(set(published.values_list("title", flat=True))) == published.count()
    keys = demo.demo_document_keys()
    assert set(keys) == {r["title"] for r in expected}  # every stable name resolves
    assert published.filter(kind="interpretation").exists()
    assert published.filter(validity="repealed", replaced_by__isnull=False).exists()
    assert published.filter(validity="expired").exists()
    assert not published.filter(published_on__gt=timezone.localdate()).exists()
    assert Document.objects.exclude(state=State.PUBLISHED).exists()  # work in progress
    assert Consultation.objects.filter(status="concluded").count() == 1
    assert Comment.objects.exclude(decision="").exists()
    ids = list(Organ.objects.values_list("pk", flat=True))
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        figures = proactive_figures(ids, year)
        assert figures["licensing"]["decisions"] > 0
        assert figures["punishment"]["decisions"] > 0
        assert figures["fees"]["amount"] > 0
        assert figures["normative_documents"]["issued"] > 0
        # every normative document published went out with its interpretation (三同步)
        assert interpretation_ratio(ids, year)["ratio"] == 100
    before = (Document.objects.count(), DecisionRecord.objects.count())
    assert "已存在" in demo.load()[0]
    assert (Document.objects.count(), DecisionRecord.objects.count()) == before
