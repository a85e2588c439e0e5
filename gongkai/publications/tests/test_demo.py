"""``gongkai demo`` adds a realistic catalogue, idempotently."""

from __future__ import annotations

import pytest

from gongkai.orgs import demo as orgs_demo
from gongkai.orgs.models import Organ
from gongkai.publications import demo
from gongkai.publications.models import Comment, Consultation, DecisionRecord, Document, State
from gongkai.publications.selectors import interpretation_ratio, proactive_figures


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_loads_once():
    orgs_demo.load()
    lines = demo.load()
    assert "主动公开" in lines[0]
    published = Document.objects.filter(state=State.PUBLISHED)
    assert published.count() >= 250
    assert published.filter(kind="interpretation").exists()
    assert published.filter(validity="repealed", replaced_by__isnull=False).exists()
    assert published.filter(validity="expired").exists()
    assert Document.objects.exclude(state=State.PUBLISHED).exists()  # work in progress
    assert Consultation.objects.filter(status="concluded").count() == 1
    assert Comment.objects.exclude(decision="").exists()
    ids = list(Organ.objects.values_list("pk", flat=True))
    for year in (2025, 2026):
        figures = proactive_figures(ids, year)
        assert figures["licensing"]["decisions"] > 0
        assert figures["punishment"]["decisions"] > 0
        assert figures["fees"]["amount"] > 0
        assert figures["normative_documents"]["issued"] > 0
    # every published normative document went out with its interpretation (三同步)
    assert interpretation_ratio(ids, 2025)["ratio"] == 100
    before = (Document.objects.count(), DecisionRecord.objects.count())
    assert "已存在" in demo.load()[0]
    assert (Document.objects.count(), DecisionRecord.objects.count()) == before
