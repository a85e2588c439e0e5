"""First drafts of the narrative sections (一、五、六) from the year's facts — for staff to rewrite.
Pure: takes the statistics and a few facts, returns HTML paragraphs. States only what the data
says; everything else is left as a visible prompt in brackets."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from gongkai.reports.statistics import OUTCOME_GROUPS, Statistics


@dataclass
class Facts:
    """Figures beyond the three tables."""

    fees_collected: int = 0  # 信息处理费, yuan
    late_replies: int = 0
    consultations: int = 0
    extensions: int = 0
    documents_published: int | None = None
    interpretations: int | None = None
    excluded_notes: list[str] = field(default_factory=list)


def _n(value) -> int:
    return int(value or 0)


def _change(now: int, before: int | None) -> str:
    if before is None:
        return ""
    if before == now:
        return "，与上年持平"
    diff = now - before
    word = "增加" if diff > 0 else "减少"
    pct = f"（{abs(diff) / before:.1%}）" if before else ""
    return f"，比上年{word}{abs(diff)}件{pct}"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def applications_paragraph(stats: Statistics, previous: Statistics | None) -> str:
    a = stats.applications
    r1, r2, r37, r4 = (_n(a[c]["TOT"]) for c in ("R1", "R2", "R3.7", "R4"))
    np_ = _n(a["R1"]["NP"])
    groups = {
        key: sum(_n(a[code]["TOT"]) for code in codes) for key, (_, codes) in OUTCOME_GROUPS.items()
    }
    before = _n(previous.applications["R1"]["TOT"]) if previous else None
    text = (
        f"{stats.year}年，共收到政府信息公开申请{r1}件{_change(r1, before)}，其中自然人申请{np_}件，"
        f"法人或其他组织申请{r1 - np_}件；上年结转{r2}件。全年办结{r37}件，其中予以公开{groups['R3.1']}件，"
        f"部分公开{groups['R3.2']}件，不予公开{groups['R3.3']}件，无法提供{groups['R3.4']}件，"
        f"不予处理{groups['R3.5']}件，其他处理{groups['R3.6']}件；结转下年度继续办理{r4}件。"
    )
    return _p(text)


def remedies_sentence(stats: Statistics) -> str:
    r = stats.remedies
    review = _n(r["review"]["total"])
    litigation = _n(r["litigation_direct"]["total"]) + _n(r["litigation_after_review"]["total"])
    if not review and not litigation:
        return "本年度未发生因政府信息公开引起的行政复议、行政诉讼。"
    parts = [
        f"本年度因政府信息公开被申请行政复议{review}件（结果维持{_n(r['review']['upheld'])}件、"
        f"纠正{_n(r['review']['corrected'])}件、尚未审结{_n(r['review']['pending'])}件）"
    ]
    parts.append(f"被提起行政诉讼{litigation}件")
    return "，".join(parts) + "。"


def proactive_paragraph(stats: Statistics, facts: Facts) -> str:
    p = stats.proactive
    bits = []
    if facts.documents_published is not None:
        bits.append(f"通过政府信息公开平台主动公开政府信息{facts.documents_published}条")
    if "normative_documents" in p and "issued" in p["normative_documents"]:
        nd = p["normative_documents"]
        bits.append(
            f"制发行政规范性文件{_n(nd['issued'])}件、废止{_n(nd['repealed'])}件，现行有效{_n(nd['in_force'])}件"
        )
    if facts.interpretations is not None:
        bits.append(f"发布政策解读{facts.interpretations}篇")
    decisions = [
        (label, _n(p.get(key, {}).get("decisions")))
        for key, label in (
            ("licensing", "行政许可"),
            ("punishment", "行政处罚"),
            ("enforcement", "行政强制"),
        )
    ]
    if any(n for _, n in decisions):
        bits.append("公开" + "、".join(f"{label}决定{n}件" for label, n in decisions))
    if not bits:
        return _p(f"{stats.year}年，（请补充本年度主动公开工作情况）。")
    return _p(f"{stats.year}年，" + "；".join(bits) + "。（请补充重点领域信息公开情况）")


def draft_sections(stats: Statistics, previous: Statistics | None, facts: Facts) -> dict[str, str]:
    overview = "".join(
        [
            "<h3>（一）主动公开情况</h3>",
            proactive_paragraph(stats, facts),
            "<h3>（二）依申请公开情况</h3>",
            applications_paragraph(stats, previous),
            _p(
                (
                    f"办理中依法征求第三方或其他机关意见{facts.consultations}件，"
                    if facts.consultations
                    else ""
                )
                + (f"经批准延期答复{facts.extensions}件。" if facts.extensions else "")
                + remedies_sentence(stats)
            ),
            "<h3>（三）政府信息管理情况</h3>",
            _p("（请补充：信息发布审核、保密审查、政策文件清理等情况）"),
            "<h3>（四）政府信息公开平台建设情况</h3>",
            _p("（请补充：政府网站、政务新媒体、政府公报等平台建设情况）"),
            "<h3>（五）监督保障情况</h3>",
            _p("（请补充：工作考核、社会评议和责任追究结果等情况）"),
        ]
    )
    problem_facts = []
    if facts.late_replies:
        problem_facts.append(f"本年度有{facts.late_replies}件申请未能在法定期限内答复")
    problems = "".join(
        [
            "<h3>（一）存在的主要问题</h3>",
            _p("；".join(problem_facts) + "。（请补充其他问题）")
            if problem_facts
            else _p("（请补充本年度存在的主要问题）"),
            "<h3>（二）改进情况</h3>",
            _p("（请补充下一年度的改进措施）"),
        ]
    )
    fee = (
        f"{stats.year}年，本机关在办理政府信息公开申请中收取信息处理费{Decimal(facts.fees_collected):,}元。"
        if facts.fees_collected
        else f"{stats.year}年，本机关在办理政府信息公开申请中未收取信息处理费。"
    )
    other = _p(fee) + "".join(_p(note) for note in facts.excluded_notes)
    return {"overview": overview, "problems": problems, "other_matters": other}
