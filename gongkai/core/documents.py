"""HTML → PDF (WeasyPrint, CJK font embedded) and a small HTML → DOCX converter (python-docx)
for the simple structures of letters: headings, paragraphs (left/centre/right), bold, line
breaks, lists and plain tables."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

CJK_FONTS = '"Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", serif'
PRINT_CSS = f"""
@page {{ size: A4; margin: 25mm 22mm 22mm 25mm; @bottom-center {{ content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-size: 9pt; }} }}
body {{ font-family: {CJK_FONTS}; font-size: 12pt; line-height: 1.8; }}
h1 {{ font-size: 18pt; text-align: center; margin: 0 0 12pt; }}
h2 {{ font-size: 14pt; margin: 12pt 0 6pt; }}
p {{ margin: 0 0 6pt; text-align: justify; }}
p.center, .center {{ text-align: center; }}
p.right, .right {{ text-align: right; }}
p.indent {{ text-indent: 2em; }}
table {{ border-collapse: collapse; width: 100%; margin: 6pt 0; font-size: 10.5pt; }}
th, td {{ border: 0.6pt solid #000; padding: 3pt 5pt; vertical-align: top; }}
"""


def html_to_pdf(html: str, *, css: str = PRINT_CSS) -> bytes:
    from weasyprint import CSS, HTML

    return HTML(string=html).write_pdf(stylesheets=[CSS(string=css)])


class _DocxBuilder(HTMLParser):
    BLOCKS = {"p", "h1", "h2", "h3", "li", "div"}

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.doc = document
        self.paragraph = None
        self.bold = 0
        self.table_rows: list[list[tuple[str, bool]]] | None = None
        self.cell: list[str] | None = None
        self.cell_header = False

    def _new_paragraph(self, tag: str, attrs) -> None:
        classes = dict(attrs).get("class", "") or ""
        if tag in ("h1", "h2", "h3"):
            self.paragraph = self.doc.add_paragraph()
            self.bold += 1
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if tag == "h1" else None
            self._heading = tag
        else:
            self.paragraph = self.doc.add_paragraph(style="List Bullet" if tag == "li" else None)
        if "center" in classes:
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif "right" in classes:
            self.paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if "indent" in classes:
            self.paragraph.paragraph_format.first_line_indent = Pt(24)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table_rows = []
        elif tag == "tr" and self.table_rows is not None:
            self.table_rows.append([])
        elif tag in ("td", "th") and self.table_rows is not None:
            self.cell, self.cell_header = [], tag == "th"
        elif tag in self.BLOCKS and self.table_rows is None:
            self._new_paragraph(tag, attrs)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag == "br" and self.paragraph is not None and self.table_rows is None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.table_rows[-1].append(("".join(self.cell).strip(), self.cell_header))
            self.cell = None
        elif tag == "table" and self.table_rows is not None:
            rows = [r for r in self.table_rows if r]
            if rows:
                width = max(len(r) for r in rows)
                table = self.doc.add_table(rows=len(rows), cols=width)
                table.style = "Table Grid"
                for i, row in enumerate(rows):
                    for j, (text, header) in enumerate(row):
                        run = table.cell(i, j).paragraphs[0].add_run(text)
                        run.bold = header
            self.table_rows = None
        elif tag in ("h1", "h2", "h3"):
            self.bold = max(0, self.bold - 1)
            self.paragraph = None
        elif tag in self.BLOCKS:
            self.paragraph = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
            return
        text = " ".join(data.split())
        if not text:
            return
        if self.paragraph is None:
            self.paragraph = self.doc.add_paragraph()
        run = self.paragraph.add_run(text)
        run.bold = self.bold > 0


def html_to_docx(html: str) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Noto Serif CJK SC"
    style.font.size = Pt(12)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    _DocxBuilder(document).feed(html)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
