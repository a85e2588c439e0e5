"""Plain text of an uploaded file, for search (published documents' attachments).

Text layers only: a scanned PDF or an image yields no text (no OCR here). Extraction never
raises — a damaged attachment is still published, it just adds nothing to the index — and
stops at ``limit`` characters so one huge spreadsheet cannot swamp the index.
"""

from __future__ import annotations

import io
import logging

from gongkai.core.html import html_to_text

log = logging.getLogger(__name__)

LIMIT = 200_000


def extract_text(data: bytes, content_type: str, *, limit: int = LIMIT) -> str:
    reader = _READERS.get(content_type)
    if reader is None:
        return ""
    try:
        text = reader(data, limit)
    except Exception as exc:
        log.warning("no text extracted from a %s attachment: %s", content_type, exc)
        return ""
    return text[:limit].strip()


def _pdf(data: bytes, limit: int) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    parts, size = [], 0
    try:
        for page in document:
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n")
            textpage.close()
            page.close()
            parts.append(text)
            size += len(text)
            if size >= limit:
                break
    finally:
        document.close()
    return "\n".join(parts)


def _docx(data: bytes, limit: int) -> str:
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(" ".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def _xlsx(data: bytes, limit: int) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    lines, size = [], 0
    try:
        for sheet in book.worksheets:
            lines.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                line = " ".join(str(v) for v in row if v is not None)
                if line:
                    lines.append(line)
                    size += len(line)
                if size >= limit:
                    return "\n".join(lines)
    finally:
        book.close()
    return "\n".join(lines)


def _plain(data: bytes, limit: int) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[: limit * 4]).best()
    return str(best) if best is not None else ""


def _html(data: bytes, limit: int) -> str:
    return html_to_text(_plain(data, limit))


_READERS = {
    "application/pdf": _pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _xlsx,
    "text/plain": _plain,
    "text/html": _html,
}
