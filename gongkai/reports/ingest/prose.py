"""Summary figures stated in the prose of a report (正文中的数字), each with its evidence.

The text is cut into sentences (at 。！？) and every figure — a number with a counting unit
(件 宗 个 份 条 起 次 项, or 元 for fees) — is read together with its *label*: the words between
the previous number and this one. A figure gets a summary key only when its label says what it
counts; the rules, chosen to be conservative:

- ``applications_new``: 收到 / 受理 / 新收 / 接收 … 申请 (``共受理信息公开申请964件``,
  ``收到依申请公开24件``). ``办理…申请N件`` is ambiguous (received or handled): it counts as new
  applications only when an applicant breakdown follows (``其中自然人申请1020宗``); otherwise it
  is left out with a warning.
- ``applications_carried_in``: 结转 not followed by 下年; ``carried_out``: 转/结转 下年(度).
- ``natural_person``: 自然人 / 公民 / 个人; ``legal_person_or_org``: 法人或其他组织, or 法人 and
  其他组织 stated separately (their sum).
- Outcomes (``予以公开`` ``部分公开`` ``不予公开`` ``无法提供`` ``不予处理`` ``其他处理``) and
  ``outcome_total`` (办结): only in a sentence about handling applications — it names 办结 /
  答复 / 办理结果 (or 其中 after one), and 申请 appears in it or in the sentence before — and never in
  a sentence about documents (公文, 公开属性, 目录): a count of 不予公开 documents in the catalogue
  is not an application outcome.
- Review and litigation: 行政复议 / 行政诉讼 (``收到1件行政复议`` too); 维持 / 纠正 count for the
  remedy last named before them. ``无…行政诉讼`` / ``未发生…行政复议`` state zero.
- ``fees``: 信息处理费 with an amount in 元 (万元 converted); 0 when the report says none was
  collected (``未收取信息处理费``, ``无…信息处理费收取情况``).
- ``proactive_items``: only the year's total of proactively published government information
  (``全年共发布政府信息15184余条``, ``全年主动公开政府信息…条``); a count for one channel
  (门户网站, 公众号, 新媒体, 专栏 …) or one topic is not the total.
- ``regulatory_docs_new``: 制定 / 制发 / 出台 / 印发 … 规范性文件 (not 废止, 现行有效, 解读).

A figure about a sub-organ (``其中区教育局收到申请300件``) is not the report's figure. Approximate
figures (``15184余条``, ``近400条``) keep their number and are flagged. The same sentences also
yield table cells stated only in prose (:data:`CELL_RULES`: 行政许可/行政处罚/行政强制 decisions in
a 主动公开 sentence; 废止 / 现行有效 规范性文件).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from gongkai.reports.ingest.normalise import Text
from gongkai.reports.ingest.numbers import NUMBER, parse_quantity

UNITS = "人次|万元|元|件|宗|个|份|条|起|次|项|例|宗次|件次"
_FIGURE_RE = re.compile(rf"(?P<num>{NUMBER})\s*(?P<approx>余|多)?\s*(?P<unit>{UNITS})")
_ARABIC_RE = re.compile(r"\d+(?:[,.]\d+)*")
_SENTENCE_RE = re.compile(r"[^。！？!?]+[。！？!?]?")
_CLAUSE_SPLIT_RE = re.compile(r"[,，;；:：。]")
_FILLER_RE = re.compile(
    r"^[\s“”\"'‘’()（）]*(其中)?(共|共计|合计|总计|累计|计|为|有|达|约|是|了|的|分别|均|占|近|超|超过|逾)*[\s“”\"'‘’]*$"
)

_APPLICATION = re.compile(r"申请")
_OUTCOME_ANCHOR = re.compile(r"办结|答复|办理结果|处理结果|办理情况|审结")
_DOCUMENT_CONTEXT = re.compile(r"公文|公开属性|目录|发文|文件属性|索引")
_CHANNEL = re.compile(
    r"网站|门户|公众号|微博|微信|新媒体|客户端|APP|app|平台|专栏|栏目|公报|政务号|头条|抖音|视频号|"
    r"通过|利用|借助|在线|网上|媒体"
)
_SUB_ORGAN = re.compile(
    r"^(其中)?(?![我本全各])[\u4e00-\u9fff]{1,12}?(局|委员会|委|办公室|镇|街道|乡|中心|医院|学校|公司)"
    r"(共|全年)?(收到|受理|办理|办结|新收|接收)"
)


@dataclass
class Figure:
    key: str
    value: int | Decimal
    evidence: str
    approximate: bool = False
    start: int = 0


@dataclass
class ProseReading:
    summary: dict[str, Figure] = field(default_factory=dict)
    cells: dict[str, Figure] = field(default_factory=dict)  # statistics path → figure
    warnings: list[dict] = field(default_factory=list)


@dataclass
class _Found:
    value: int | Decimal
    approximate: bool
    unit: str
    label: str  # text since the previous number
    tail: str  # the label's last clause (or two, when the last one is filler)
    after: str  # the words right after the unit
    start: int  # of the evidence in the compact text
    end: int
    pos: int  # of the number in its sentence


def _tail(label: str) -> str:
    parts = _CLAUSE_SPLIT_RE.split(label)
    tail = parts[-1]
    index = len(parts) - 1
    while _FILLER_RE.match(tail) and index > 0:
        index -= 1
        tail = parts[index] + "," + tail
    return tail


def _figures(sentence: str, offset: int) -> list[_Found]:
    found: list[_Found] = []
    boundary = 0
    numbers = [(m.start(), m.end()) for m in _ARABIC_RE.finditer(sentence)]
    for match in _FIGURE_RE.finditer(sentence):
        if match.start() > 0 and sentence[match.start() - 1] == "第":
            continue  # 第二十条: an ordinal, not a count
        if match.start() > 0 and sentence[match.start() - 1].isdigit():
            continue
        previous_ends = [e for s, e in numbers if e <= match.start()] + [boundary]
        label_start = max(previous_ends)
        label = sentence[label_start : match.start()]
        quantity = parse_quantity(
            match.group("num"), before=label, after=match.group("approx") or ""
        )
        if quantity is None:
            continue
        unit = match.group("unit")
        value = quantity.value
        if unit == "万元":
            value = value * 10000
            value = int(value) if value == int(value) else value
        tail = _tail(label)
        after_match = re.match(r"[^,，;；。:：]{0,14}", sentence[match.end() :])
        after = after_match.group(0) if after_match else ""
        tail_start = max(label_start, label_start + len(label) - len(tail))
        year = re.search(r"(?:19|20)\d{2}$", sentence[:tail_start])
        if year and sentence[tail_start : tail_start + 1] == "年":
            tail_start = year.start()
        while tail_start < match.start() and sentence[tail_start] in '、，,;；:： \t\n”"）)':
            tail_start += 1
        named = re.match(r"(?:行政复议|行政诉讼|复议|诉讼)", after)
        found.append(
            _Found(
                value=value,
                approximate=quantity.approximate,
                unit=unit,
                label=label,
                tail=tail,
                after=after,
                start=offset + tail_start,
                end=offset + match.end() + (named.end() if named else 0),
                pos=match.start(),
            )
        )
        boundary = match.end()
    return found


_COUNT_UNITS = {"件", "宗", "个", "份", "条", "起", "次", "项", "例", "宗次", "件次", "人次"}


def _classify(f: _Found, sentence: str, context: str) -> str | None:
    """The summary key (or ``cell:<path>``) of one figure, or None."""
    tail, after = f.tail, f.after
    if f.unit in ("元", "万元"):
        return "fees" if "信息处理费" in f.label[-30:] else None
    if f.unit not in _COUNT_UNITS:
        return None
    if _SUB_ORGAN.search(tail.lstrip(",，")):
        return None
    remedy = _remedy_topic(sentence, f)
    if remedy:
        return remedy
    if re.search(r"(结转|转入?|转至)(到|至)?下一?年|下一?年度?继续办理|继续办理", tail):
        return "carried_out"
    if "结转" in tail and "下" not in tail.split("结转")[-1][:3]:
        return "applications_carried_in" if _APPLICATION.search(context) else None
    if re.search(r"法人(或|和|及|与)其他组织", tail):
        return "legal_person_or_org"
    if re.search(r"自然人|公民|个人申请", tail):
        return "natural_person"
    if "法人" in tail:
        return "_legal_part"
    if "其他组织" in tail:
        return "_org_part"
    outcome = _outcome(tail)
    if outcome:
        if _DOCUMENT_CONTEXT.search(sentence):
            return None
        if _OUTCOME_ANCHOR.search(sentence) and _APPLICATION.search(context):
            return outcome
        return None
    if re.search(r"规范性文件$|规范性文件(共|共计)?$", tail):
        if re.search(r"废止", tail):
            return "cell:normative_documents.repealed"
        if re.search(r"现行有效|有效", tail):
            return "cell:normative_documents.in_force"
        if re.search(r"解读|清理|备案|审查|审核|合法性|评估|征求", tail):
            return None
        if re.search(r"制定|制发|出台|印发|新制|发布|新增", tail):
            return "regulatory_docs_new"
        return None
    if (
        re.search(r"(办理|作出|公开)?行政(许可|处罚|强制)(决定)?(信息)?$", tail)
        and "主动公开" in sentence
    ):
        kind = re.search(r"行政(许可|处罚|强制)", tail).group(1)
        if re.search(r"事项|项目", tail):
            return None
        return {"许可": "cell:licensing", "处罚": "cell:punishment", "强制": "cell:enforcement"}[
            kind
        ]
    if "申请" in tail or after.startswith(("政府信息公开申请", "信息公开申请", "依申请公开申请")):
        words = tail + after[:10]
        if re.search(r"复议|诉讼|补正|撤回|第三方|征求|转办|咨询|延期|办结|答复", words):
            return None
        if re.search(r"新收|收到|受理|接收|接到|提出|共有", words):
            return "applications_new"
        if re.search(r"办理|处理", words):
            return "_handled"
        return None
    if re.search(r"(办结|办理完毕|审结)$", tail) and _APPLICATION.search(context):
        return "outcome_total"
    if re.search(r"(新收|受理)$", tail) and _APPLICATION.search(sentence):
        return "applications_new"  # 办理申请120件，其中新收118件
    if re.search(r"(公开|发布)(各类)?(政府信息|主动公开信息)$", tail) or re.search(
        r"主动公开(各类)?(政府)?信息$", tail
    ):
        if _CHANNEL.search(f.label) or not re.search(
            r"全年|共|累计|总计|合计|本年|年内|年度", f.label
        ):
            return None
        return "proactive_items"
    return None


def _outcome(tail: str) -> str | None:
    for pattern, key in (
        (r"部分公开|部分同意公开", "outcome_partial"),
        (r"不予公开|不同意公开", "outcome_withhold"),
        (r"予以公开|同意公开|全部公开", "outcome_disclose"),
        (r"无法提供", "outcome_cannot_provide"),
        (r"不予处理", "outcome_not_processed"),
        (r"其他处理", "outcome_other"),
    ):
        if re.search(rf"“?({pattern})”?[^\u4e00-\u9fff]*$", tail):
            return key
    return None


def _remedy_topic(sentence: str, f: _Found) -> str | None:
    """Review/litigation figures: by the words around the figure and the remedy last named."""
    named = re.match(r"(行政复议|复议|行政诉讼|诉讼)", f.after)
    if named:  # 收到1件行政复议
        return "review_total" if "复议" in named.group(0) else "litigation_total"
    if re.search(r"(行政复议|复议)(案件|申请)?$", f.tail):
        return "review_total"
    if re.search(r"(行政诉讼|诉讼|起诉|应诉)(案件)?$", f.tail):
        return "litigation_total"
    result = re.search(r"维持|纠正|纠错|撤销", f.tail)
    if result:
        topic = None
        for mention in re.finditer(r"复议后起诉|行政复议|行政诉讼|诉讼|复议", sentence[: f.pos]):
            topic = "review" if mention.group(0) in ("行政复议", "复议") else "litigation"
        if topic == "review":
            return "review_upheld" if result.group(0) == "维持" else "review_corrected"
    return None


_ZERO_RULES = (
    (
        re.compile(
            r"(无|未|没有|不存在)(发生|收到|产生|出现|接到|有)?[^，,。；;]{0,16}?"
            r"(行政复议|行政诉讼)([、和及与或](行政复议|行政诉讼))?"
        ),
        None,
    ),
    (
        re.compile(
            r"(行政复议|行政诉讼)([、和及与或](行政复议|行政诉讼))?(案件)?(数量)?(均|都)?(为|是)?(0|零)(件|起|宗)?(?![\d.])"
        ),
        None,
    ),
    (
        re.compile(
            r"(未|没有)(收到|受理|接到|发生)[^，,。；;]{0,10}?(政府)?信息公开申请|无(政府)?信息公开申请"
        ),
        "applications_new",
    ),
    (
        re.compile(
            r"(未|没有|无|不)[^，,。；;]{0,12}?信息处理费|信息处理费[^，,。；;]{0,8}?(0|零)元"
            r"|(未|没有|不)收取(任何)?费用"
        ),
        "fees",
    ),
)


def read_prose(text: Text) -> ProseReading:
    """Summary figures (and prose-only table cells) of ``text`` (compact, prose lines only)."""
    reading = ProseReading()
    found: list[tuple[str, Figure]] = []
    previous = ""
    handled: list[tuple[_Found, bool]] = []
    for match in _SENTENCE_RE.finditer(text.text):
        sentence = match.group(0)
        offset = match.start()
        context = previous + sentence
        figures = _figures(sentence, offset)
        keys = [_classify(f, sentence, context) for f in figures]
        for index, (f, key) in enumerate(zip(figures, keys, strict=True)):
            if key is None:
                continue
            if key == "_handled":
                breakdown = any(
                    k in ("natural_person", "legal_person_or_org", "_legal_part", "_org_part")
                    for k in keys[index + 1 : index + 3]
                )
                handled.append((f, breakdown))
                if not breakdown:
                    continue
                key = "applications_new"
            found.append((key, _figure(key, f, text)))
        for pattern, key in _ZERO_RULES:
            for zero in pattern.finditer(sentence):
                span = (offset + zero.start(), offset + zero.end())
                evidence = text.snippet(*span)
                if key:
                    if key == "fees" and not re.search(r"信息处理费|信息公开|申请|收费", context):
                        continue
                    found.append((key, Figure(key, 0, evidence, start=span[0])))
                    continue
                words = zero.group(0)
                if _negated_case(sentence, zero.start()):
                    continue
                if "复议" in words:
                    found.append(
                        ("review_total", Figure("review_total", 0, evidence, start=span[0]))
                    )
                if "诉讼" in words:
                    found.append(
                        ("litigation_total", Figure("litigation_total", 0, evidence, start=span[0]))
                    )
        previous = sentence
    _settle(found, reading)
    for f, breakdown in handled:
        if not breakdown:
            reading.warnings.append(
                {
                    "rule": "prose_ambiguous",
                    "message": f"“{text.snippet(f.start, f.end)}”未说明是新收还是办结的申请，未采用",
                    "cells": [],
                }
            )
    return reading


def _negated_case(sentence: str, position: int) -> bool:
    """``申请人未提起行政复议`` about one case is not the year's count."""
    return bool(
        re.search(
            r"该|此案|申请人(对|已|均)?[^，,。；;]{0,6}$",
            sentence[max(0, position - 12) : position],
        )
    )


def _figure(key: str, f: _Found, text: Text) -> Figure:
    return Figure(key, f.value, text.snippet(f.start, f.end), f.approximate, f.start)


def _settle(found: list[tuple[str, Figure]], reading: ProseReading) -> None:
    """First statement of each key wins; a later different figure is a warning."""
    parts: dict[str, Figure] = {}
    for key, figure in sorted(found, key=lambda item: item[1].start):
        if key.startswith("cell:"):
            reading.cells.setdefault(key[5:], figure)
            continue
        if key.startswith("_"):
            parts.setdefault(key, figure)
            continue
        first = reading.summary.get(key)
        if first is None:
            reading.summary[key] = figure
        elif first.value != figure.value and not (first.approximate or figure.approximate):
            reading.warnings.append(
                {
                    "rule": "prose_inconsistent",
                    "message": f"正文对同一数字有不同说法：“{first.evidence}”与“{figure.evidence}”，采用前者",
                    "cells": [],
                }
            )
    if "legal_person_or_org" not in reading.summary and {"_legal_part", "_org_part"} <= set(parts):
        a, b = parts["_legal_part"], parts["_org_part"]
        reading.summary["legal_person_or_org"] = Figure(
            "legal_person_or_org",
            a.value + b.value,
            f"{a.evidence}；{b.evidence}",
            a.approximate or b.approximate,
            a.start,
        )
