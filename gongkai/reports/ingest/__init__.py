"""Reading published annual reports (年报解析): bytes of a TXT/HTML/PDF/DOCX report → the
canonical statistics model, summary figures with their evidence, and warnings.

Pure modules, no ORM. Entry point: :func:`gongkai.reports.ingest.parse.parse_report`.
"""

from gongkai.reports.ingest.parse import ParseResult, parse_report

__all__ = ["ParseResult", "parse_report"]
