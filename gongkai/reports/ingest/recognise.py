"""Who published the report, for which year, in which format (机关、年度与格式).

- **Year** — the statistics year, never the publication date: the year in the title
  (``…2022年政府信息公开工作年度报告``, also in an HTML title or the file name), else the
  statistical period (``统计期限为2022年1月1日至2022年12月31日``), else the year the text names
  most often (``2019年，我区共受理…``; ties go to the earlier mention), else the year before a
  stated publication date (reports for a year are published in the next one, 条例 Art. 49).
- **Agency** — the organ before the year in the title (``现公布广州市黄埔区人民政府
  广州开发区管委会2022年…``: a verb such as 现公布 is dropped, a space kept only between two organ
  names); or, in ``2022年定海区政府信息公开…``, the region after the year completed from a line
  holding the full name (``定海区人民政府``) or with 人民政府; else the page's own hints (title,
  ``<h1>``), an organ name standing alone on a line near the top, and last the site's
  ``版权所有`` line.
- **Format** — from the tables' own labels (2021: 本年制发件数, 现行有效件数, 本年处理决定数量, the
  split （六）其他处理; 2019: 本年新制作数量, 上一年项目数量, 政府集中采购 …) or the citation of
  国办公开办函〔2021〕30号; failing that, from the year (:func:`format_for_year`, spec §8 item
  13); ``None`` when neither is known.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from gongkai.reports.ingest.normalise import Text
from gongkai.reports.statistics import format_for_year

ORGAN_SUFFIX = (
    r"(?:人民政府|政府|管理委员会|管委会|委员会|办公室|办公厅|街道办事处|办事处|局|厅|委|办|署|"
    r"中心|院|所|站|队|分局|公司)"
)
_SEP = r"\n，。；;:：,、“”\"《》|【】\[\]"
TITLE_RE = re.compile(
    rf"(?P<pre>[^{_SEP}]{{0,60}}?)\s*(?P<year>(?:19|20)\d{{2}})\s*年\s*(?:度\s*)?"
    rf"(?P<mid>[^{_SEP}\d]{{0,40}}?)\s*政\s*府\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?"
    r"(?:年\s*度\s*)?(?:报\s*告|年\s*报)"
)
_LEADING_VERB_RE = re.compile(r"^.*?(?:现予?公布|予以公布|特?发布|现将|编制了?|本报告为|关于|公布)")
_PERIOD_RE = re.compile(
    r"((?:19|20)\d{2})年\s*1\s*月\s*1\s*日\s*(?:至|到|-|—|～|~)\s*(?:(?:19|20)\d{2}年)?\s*12\s*月\s*31\s*日"
)
_YEAR_MENTION_RE = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月(?!\s*1\s*日))")
_PUBLISHED_RE = re.compile(
    r"(?:发布|更新|公开|成文)(?:日期|时间)\s*[:：]?\s*((?:19|20)\d{2})[-/年.]"
)
_ORGAN_LINE_RE = re.compile(rf"^\s*([\u4e00-\u9fff（）()]{{2,40}}{ORGAN_SUFFIX})\s*$")
_COPYRIGHT_RE = re.compile(
    rf"(?:版权所有|主办单位|主办)\s*[:：]?\s*(?:©|\(c\))?\s*([\u4e00-\u9fff（）()]{{2,40}}?{ORGAN_SUFFIX})(?![\u4e00-\u9fff])"
)
_REGION_END = ("省", "市", "区", "县", "旗", "镇", "乡", "自治州", "盟")

MARKERS = {
    "2021": re.compile(
        r"本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|逾期不补正|"
        r"逾期未按收费通知|国办公开办函\s*[〔\[(（]\s*2021\s*[〕\])）]\s*30\s*号"
    ),
    "2019": re.compile(
        r"本年新制作数量|本年新公开数量|对外公开总数量|上一年项目数量|其他对外管理服务事项|"
        r"政府集中采购|采购总金额|国办公开办函\s*[〔\[(（]\s*2019\s*[〕\])）]\s*60\s*号"
    ),
}
SECTION_2019 = re.compile(r"收到和处理政府信息公开申请")


@dataclass
class Recognised:
    agency: str | None
    year: int | None
    format: str | None
    evidence: dict[str, str]
    warnings: list[dict]


def _clean_organ(name: str) -> str | None:
    name = _LEADING_VERB_RE.sub("", name).strip(" \t-—_")
    name = re.sub(r"^(的|对|由)", "", name)
    pieces = name.split()
    if not pieces:
        return None
    out = pieces[0]
    for piece in pieces[1:]:
        out += (" " if re.search(f"{ORGAN_SUFFIX}$", out) else "") + piece
    return out if re.search(r"[\u4e00-\u9fff]{2}", out) else None


def _titles(text: str):
    yield from TITLE_RE.finditer(text)


def recognise(
    norm: Text, compact: Text, hints: dict[str, str], filename: str, max_year: int
) -> Recognised:
    evidence: dict[str, str] = {}
    warnings: list[dict] = []
    year, agency = None, None
    lines = norm.text.split("\n")

    # --- the title ---
    sources = [("text", norm)]
    for kind, value in hints.items():
        if kind in ("title", "page_title", "h1"):
            sources.append((kind, Text.of(value)))
    stem = filename.rsplit("/", 1)[-1]
    sources.append(("filename", Text.of(stem)))
    for kind, source in sources:
        for match in _titles(source.text):
            found = int(match.group("year"))
            if not 1990 <= found <= max_year:
                continue
            if year is None:
                year = found
                evidence["year"] = (
                    source.snippet(*match.span()) if kind == "text" else match.group(0)
                )
            pre = _clean_organ(match.group("pre"))
            mid = _clean_organ(match.group("mid"))
            candidate = pre or _complete_region(mid, lines)
            if candidate and agency is None:
                agency = candidate
                evidence["agency"] = (
                    source.snippet(*match.span()) if kind == "text" else match.group(0)
                )
            if year and agency:
                break
        if year and agency:
            break

    # --- the year, failing a title ---
    if year is None:
        period = _PERIOD_RE.search(compact.text)
        if period:
            year = int(period.group(1))
            evidence["year"] = compact.snippet(*period.span())
    if year is None:
        counts = Counter()
        first: dict[int, re.Match] = {}
        for match in _YEAR_MENTION_RE.finditer(compact.text):
            found = int(match.group(1))
            if 1990 <= found <= max_year:
                counts[found] += 1
                first.setdefault(found, match)
        if counts:
            best = max(counts, key=lambda y: (counts[y], -first[y].start()))
            year = best
            match = first[best]
            evidence["year"] = compact.snippet(
                match.start(), min(len(compact.text), match.end() + 20)
            )
    if year is None:
        published = _PUBLISHED_RE.search(compact.text) or (
            re.match(r"((?:19|20)\d{2})", hints.get("published", ""))
        )
        if published:
            year = int(published.group(1)) - 1
            evidence["year"] = published.group(0)
            warnings.append(
                {
                    "rule": "year_from_publication",
                    "message": f"报告未写明统计年度，按发布日期推定为{year}年",
                    "cells": [],
                }
            )

    # --- the agency, failing a title ---
    if agency is None:
        for line in lines[:8]:
            match = _ORGAN_LINE_RE.match(line)
            if match:
                agency = _clean_organ(match.group(1))
                evidence["agency"] = line.strip()
                break
    if agency is None:
        for value in (hints.get("site", ""), hints.get("copyright", ""), *lines):
            match = _COPYRIGHT_RE.search(value) or (
                re.fullmatch(rf"[\u4e00-\u9fff]{{2,40}}{ORGAN_SUFFIX}", value)
            )
            if match:
                agency = match.group(1) if match.lastindex else match.group(0)
                evidence["agency"] = match.group(0)
                break

    format_, format_evidence = recognise_format(compact.text, year)
    if format_evidence:
        evidence["format"] = format_evidence
    if format_ and year and format_ != format_for_year(year) and format_evidence:
        warnings.append(
            {
                "rule": "format_year_mismatch",
                "message": f"{year}年度的报告应使用{format_for_year(year)}格式，但表格是{format_}格式",
                "cells": [],
            }
        )
    return Recognised(agency, year, format_, evidence, warnings)


def _complete_region(mid: str | None, lines: list[str]) -> str | None:
    """``定海区`` + a line ``定海区人民政府`` → the full name; a bare region gets 人民政府."""
    if not mid:
        return None
    for line in lines[:8]:
        match = _ORGAN_LINE_RE.match(line)
        if match and match.group(1).startswith(mid):
            return match.group(1)
    if mid.endswith(_REGION_END):
        return mid + "人民政府"
    return mid


def recognise_format(text: str, year: int | None) -> tuple[str | None, str | None]:
    hits = {name: pattern.findall(text) for name, pattern in MARKERS.items()}
    if hits["2021"] or hits["2019"]:
        if len(hits["2021"]) != len(hits["2019"]):
            name = max(hits, key=lambda n: len(hits[n]))
        else:
            name = format_for_year(year) if year else "2021"
        return name, "、".join(dict.fromkeys(hits[name]))
    if year is None:
        return None, None
    if SECTION_2019.search(text) and year < 2019:
        return "2019", None
    return format_for_year(year), None
