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
