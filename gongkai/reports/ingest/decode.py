"""Bytes of a published report → its text (文本提取).

The kind of file is sniffed from its content, never trusted from its name alone:

- **PDF** (``%PDF``): the text layer, page by page, through PDFium (pypdfium2, BSD/Apache —
  already a dependency of pdfplumber, and ten times faster than pdfminer on PDFs whose tables
  are drawn with hundreds of ruling lines). Table rows arrive as lines of label and numbers,
  which :mod:`tables` reads whether or not the table had ruling lines. When that leaves a
  table partly unreadable, :attr:`Decoded.reread` offers a second, slower reading with
  pdfplumber: tables with ruling lines are found by ``find_tables`` and written one row per
  line, cells separated by tabs (a label wrapped inside a cell joined again). For tables without
  ruling lines pdfplumber's text strategy gives the same rows as the plain text lines (measured
  on the test fixtures), so it adds nothing. Page numbers (``- 3 -``, ``第3页``, or the bare page
  number) are dropped. A PDF without a text layer (a scan) is unreadable: OCR is out of scope.
- **DOCX** (a zip with ``word/document.xml``): paragraphs and tables in document order, table
  rows as tab-separated lines, horizontally merged cells once.
- **HTML** (markup in the first bytes, or an ``.htm``/``.html`` name): scripts, styles, forms and
  site navigation (``nav``, elements whose class or id names a menu, breadcrumb, toolbar, share
  bar, sidebar or footer) are dropped; block elements become lines, table cells tabs. The page
  title, ``<h1>`` and ``<meta name="SiteName">``-style hints are kept for :mod:`recognise`.
- **Text**: UTF-8 (with or without BOM) or UTF-16 with BOM are taken as such; anything else is
  detected by charset-normalizer among GB18030 (a superset of GBK/GB2312), Big5 and UTF-8 —
  detected, not assumed.

Legacy ``.doc`` (OLE) files, archives, images and text without Chinese are refused with
:class:`UnreadableReport`; the caller reports the message and goes on with the next file.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from gongkai.reports.ingest.normalise import CJK_RE


class UnreadableReport(Exception):
    """The file cannot be read as a report; the message says why (Chinese, for people)."""


@dataclass
class Decoded:
    text: str
    kind: str  # "text" | "html" | "pdf" | "docx"
    encoding: str | None = None
    hints: dict[str, str] = field(default_factory=dict)  # title, h1, site, …
    # A slower, table-aware second reading (PDF only), for when the first leaves tables unread.
    reread: Callable[[], str] | None = None


def decode(data: bytes, filename: str = "") -> Decoded:
    if not data or not data.strip():
        raise UnreadableReport("文件为空")
    name = filename.lower()
    if data.startswith(b"%PDF"):
        decoded = Decoded(pdf_to_text(data), "pdf", reread=lambda: pdf_tables_to_text(data))
    elif data.startswith(b"PK\x03\x04"):
        decoded = Decoded(docx_to_text(data), "docx")
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableReport("旧版 Word（.doc）文件无法读取，请另存为 .docx 或 PDF")
    else:
        text, encoding = decode_text(data)
        if name.endswith((".htm", ".html", ".shtml", ".xhtml")) or _looks_like_html(text):
            body, hints = html_to_text(text)
            decoded = Decoded(body, "html", encoding, hints)
        else:
            decoded = Decoded(text, "text", encoding)
    if len(CJK_RE.findall(decoded.text)) < 20:
        raise UnreadableReport("文件中没有可识别的中文文本")
    return decoded


# --- text and encodings -------------------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "big5"}


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) of text bytes; raises :class:`UnreadableReport` when no encoding fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    if b"\x00" in data[:4096]:
        raise UnreadableReport("文件不是文本，也不是 PDF 或 DOCX")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _META_CHARSET_RE.search(data[:4096])
    if declared:
        encoding = declared.group(1).decode("ascii", "ignore").lower()
        encoding = _CHARSET_ALIASES.get(encoding, encoding)
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    if best is None:
        raise UnreadableReport("无法识别文件的字符编码")
    return str(best), best.encoding


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lower()
    return bool(re.search(r"<(!doctype html|html|head|body|div|p|table|meta)[\s>]", head))


# --- HTML ---------------------------------------------------------------------------------------

_DROP_TAGS = (
    "script", "style", "noscript", "template", "iframe", "nav", "form", "select", "button",
    "svg", "object", "embed", "head", "footer",
)  # fmt: skip
_NOISE_ATTR_RE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|position|location|toolbar|share|"
    r"sidebar|side|footer|foot|copyright|topbar|top-bar|banner|fontsize)($|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "tr",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dd",
        "dt",
        "dl",
        "caption",
        "center",
    ]
)
_HINT_METAS = {
    "articletitle": "title",
    "sitename": "site",
    "contentsource": "source",
    "pubdate": "published",
    "firstimagedate": "published",
}


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """(text, hints) of an HTML page without its navigation noise."""
    import lxml.html
    from lxml import etree

    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableReport(f"HTML 无法解析：{exc}") from exc
    hints: dict[str, str] = {}
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        hints["page_title"] = " ".join(title.text_content().split())
    for meta in root.iter("meta"):
        key = _HINT_METAS.get((meta.get("name") or "").lower())
        if key and meta.get("content"):
            hints.setdefault(key, meta.get("content").strip())
    h1 = root.find(".//h1")
    if h1 is not None and h1.text_content().strip():
        hints["h1"] = " ".join(h1.text_content().split())
    for element in root.iter("div", "span", "p", "td"):
        text = element.text_content()
        if "版权所有" in text and len(text) < 200:
            hints.setdefault("copyright", " ".join(text.split()))
    doomed = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            doomed.append(element)  # comments, processing instructions
        elif element.tag in _DROP_TAGS or _NOISE_ATTR_RE.search(
            f"{element.get('class', '')} {element.get('id', '')}"
        ):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []
    _html_walk(root, parts)
    text = "".join(parts)
    text = re.sub(r"[ \t]*\n[ \t\n]*", "\n", text)
    return text.strip(), hints


def _html_walk(element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("td", "th"):
        parts.append("\t")
    elif tag in _BLOCK_TAGS:
        parts.append("\n")
    if element.text:
        parts.append(" ".join(element.text.split("\n")) if tag != "pre" else element.text)
    for child in element:
        _html_walk(child, parts)
        if child.tail:
            parts.append(" ".join(child.tail.split("\n")))
    if tag in _BLOCK_TAGS:
        parts.append("\n")


# --- DOCX ---------------------------------------------------------------------------------------


def docx_to_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise UnreadableReport("DOCX 文件已损坏") from exc
    if "word/document.xml" not in names:
        raise UnreadableReport("压缩文件不是 DOCX 文档")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise UnreadableReport(f"DOCX 文件无法读取：{type(exc).__name__}") from exc
    return "\n".join(_docx_lines(document))


def _docx_lines(container) -> list[str]:
    """Paragraphs and tables of a document (or of a table cell) in order."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_docx_table_lines(block))
        else:
            lines.append(block.text)
    return lines


def _docx_table_lines(table) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            if cell._tc is previous:
                continue  # a horizontally merged cell appears once per grid column
            previous = cell._tc
            if cell.tables:  # a layout table holding paragraphs and tables of its own
                if cells:
                    lines.append("\t".join(cells))
                    cells = []
                lines.extend(_docx_lines(cell))
            else:
                cells.append(_cell_text(cell.text))
        if cells:
            lines.append("\t".join(cells))
    return lines


def _cell_text(text: str | None) -> str:
    """A cell's text on one line: a label wrapped inside the cell is joined again."""
    if not text:
        return ""
    return re.sub(r"\s*\n\s*", "", text).strip()


# --- PDF ----------------------------------------------------------------------------------------

_PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:[-—–]\s*(\d{1,4})\s*[-—–]|第\s*(\d{1,4})\s*页.*|(\d{1,4}))\s*$"
)


def pdf_to_text(data: bytes) -> str:
    """The text layer, page by page (PDFium)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableReport("PDF 文件有密码保护，无法读取") from exc
        raise UnreadableReport("PDF 文件已损坏") from exc
    pages: list[str] = []
    try:
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            page.close()
            pages.append(_strip_page_number(text, number + 1))
    except pdfium.PdfiumError as exc:
        raise UnreadableReport(f"PDF 文件无法读取：{exc}") from exc
    finally:
        document.close()
    text = "\n".join(pages)
    if not CJK_RE.search(text):
        raise UnreadableReport("PDF 中没有文字层（可能是扫描件），无法识别")
    return text


def pdf_tables_to_text(data: bytes) -> str:
    """pdfplumber's reading: ruled tables as tab-separated rows, the rest as text."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFSyntaxError as exc:
        raise UnreadableReport("PDF 文件已损坏") from exc
    except Exception as exc:  # encrypted or otherwise unopenable
        raise UnreadableReport(f"PDF 文件无法打开：{type(exc).__name__}") from exc
    pages: list[str] = []
    try:
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(_strip_page_number(_pdf_page_text(page), number))
    except UnreadableReport:
        raise
    except Exception as exc:
        raise UnreadableReport(f"PDF 文件无法读取：{type(exc).__name__}") from exc
    text = "\n".join(pages)
    if not CJK_RE.search(text):
        raise UnreadableReport("PDF 中没有文字层（可能是扫描件），无法识别")
    return text


def _pdf_page_text(page) -> str:
    tables = [t for t in page.find_tables() if len(t.rows) > 1]
    if not tables:
        return page.extract_text() or ""
    tables.sort(key=lambda t: t.bbox[1])
    parts: list[str] = []
    top = 0.0
    for table in tables:
        _x0, t_top, _x1, t_bottom = table.bbox
        if t_top > top + 1:
            parts.append(_crop_text(page, top, t_top))
        for row in table.extract():
            parts.append("\t".join(_cell_text(cell) for cell in row if cell))
        top = max(top, t_bottom)
    if top < page.height - 1:
        parts.append(_crop_text(page, top, page.height))
    return "\n".join(p for p in parts if p)


def _crop_text(page, top: float, bottom: float) -> str:
    try:
        region = page.crop((0, top, page.width, bottom), strict=False)
    except ValueError:
        return ""
    return region.extract_text() or ""


def _strip_page_number(text: str, number: int) -> str:
    lines = text.split("\n")
    for index in (-1, 0):
        if not lines:
            break
        match = _PAGE_NUMBER_RE.match(lines[index])
        if match and (match.group(3) is None or int(match.group(3)) == number):
            lines.pop(index)
    return "\n".join(lines)
