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


@pytest.fixture
def library(panyu, make_staff):
    """The 政数局's reports parsed (2020: all zero — seed 004; 2021: none received; 2022: seed
    000, tables empty), the 教育局's published in Gongkai (2021: 10; 2022: 45) plus a parsed copy
    of its 2022 report, and 南沙区 (outside Gongkai, 2019: seed 001)."""
    from gongkai.orgs.roles import Role, Scope
    from gongkai.reports.library.services import library_import
    from gongkai.reports.tests.library_samples import figures, published, report_file, seed

    ogi = make_staff(panyu["gov"], Role.OGI_HEAD, Scope.SUBTREE, username="ogi")
    for prefix in ("004", "000", "001"):
        data, name = seed(prefix)
        library_import(actor=ogi, data=data, filename=name)
    data, name = report_file(figures("广州市番禺区政务服务数据管理局", 2021, new=0))
    library_import(actor=ogi, data=data, filename=name)
    published(panyu["edu"], figures("广州市番禺区教育局", 2021, new=10))
    published(panyu["edu"], figures("广州市番禺区教育局", 2022, new=45, withheld=5))
    data, name = report_file(figures("广州市番禺区教育局", 2022, new=45, withheld=5))
    library_import(actor=ogi, data=data, filename=name)
    return {
        "ogi": ogi,
        "edu_handler": make_staff(panyu["edu"], Role.HANDLER, username="edu"),
        "outsider": _staff_elsewhere(make_staff),
        "admin": make_staff(panyu["gov"], Role.ADMIN, Scope.SUBTREE, username="admin"),
    }


def _staff_elsewhere(make_staff):
    from gongkai.orgs.models import Organ
    from gongkai.orgs.roles import Role
    from gongkai.orgs.services import organ_create

    other = organ_create(
        actor=None, code="other", name="江州市白沙区民政局", short_name="白沙区民政局",
        level=Organ.Level.DEPARTMENT,
    )  # fmt: skip
    return make_staff(other, Role.HANDLER, username="outsider")
