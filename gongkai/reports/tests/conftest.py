"""PDF and DOCX fixtures generated once per session (WeasyPrint, python-docx) rather than
committed as binaries; their figures are the hand-written ones in ``ingest_samples``."""

from __future__ import annotations

import pytest

from gongkai.reports.tests import ingest_samples


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    return ingest_samples.report_pdf(ingest_samples.sample_statistics(), ruled=True)


@pytest.fixture(scope="session")
def sample_pdf_unruled() -> bytes:
    return ingest_samples.report_pdf(ingest_samples.sample_statistics(), ruled=False)


@pytest.fixture(scope="session")
def sample_docx() -> bytes:
    return ingest_samples.report_docx(ingest_samples.sample_statistics())


@pytest.fixture
def panyu(db):
    """The district and department of seeds 000 and 004 (and 001's neighbour), for the report
    library: a government and one of its departments, named as the seed reports name them."""
    from gongkai.orgs.models import Organ
    from gongkai.orgs.services import organ_create

    gov = organ_create(
        actor=None,
        code="panyu",
        name="广州市番禺区人民政府",
        short_name="番禺区政府",
        level=Organ.Level.GOVERNMENT,
    )
    data = organ_create(
        actor=None,
        code="panyu-data",
        name="广州市番禺区政务服务数据管理局",
        short_name="番禺区政数局",
        level=Organ.Level.DEPARTMENT,
        parent=gov,
    )
    edu = organ_create(
        actor=None,
        code="panyu-edu",
        name="广州市番禺区教育局",
        short_name="番禺区教育局",
        level=Organ.Level.DEPARTMENT,
        parent=gov,
    )
    return {"gov": gov, "data": data, "edu": edu}
