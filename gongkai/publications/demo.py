"""Demo data for proactive disclosure in the 青山区 demo district (after ``orgs.demo``).

The documents are in ``data/demo_documents.jsonl``: about three hundred policies, their 政策解读,
notices, guides, plans, budgets and final accounts, personnel notices and annual reports, written
like a district's real catalogue, so that search and its relevance benchmark have something
real to rank. The catalogue of earlier years comes in through the import contract, as an organ
migrating its old catalogue would bring it; this year's documents go through the services with
the demo staff as actors, so they have real review timelines (初审 → 复审 → 终审 → 保密审查 →
发布), and a 行政规范性文件 goes out together with its interpretation (三同步). Then the validity
changes (废止 by a named successor, 失效 when a term ended), documents still in the workflow
(one overdue under 条例第二十六条, one scheduled, one held back for its interpretation, one
withheld), validity evaluations due, two public consultations with comments and adoption
decisions, and decision records and fee receipts for last year and this year (table 二).
Idempotent and deterministic for a given day.

A line of ``demo_documents.jsonl``: ``organ`` (code), ``kind``, ``genre``, ``category`` (主题分类
code), ``art20`` (条例第二十条 item), ``year`` (relative: 0 = this year, -1 = last year…),
``date`` (成文日期 as MM-DD; this year's are spread over the part of the year gone by),
``doc_number``, ``title``, ``body`` (plain text, one paragraph a line), and optionally
``interprets`` (the title of the policy a 解读 explains), ``repealed_by`` (the title of its
successor), ``expires`` (the date its term ended), ``validity`` (as the migrated catalogue states
it), ``topics``, ``keywords``, and for documents still in the workflow ``stage``, ``ago`` (成文日期,
days before today) and ``start`` (submitted, days before today). ``{Y}``, ``{Y-1}``, ``{Y+1}``… in
any text stand for the document's year and the years around it; a title with its placeholders is
the document's stable name (the relevance judgments use it, see :func:`demo_document_keys`).
Last year's annual reports of the district and of the departments in
``reports.demo.PUBLISHED_DEPARTMENTS`` are not in the file: ``reports.demo`` compiles those from
the records, and a hand-written copy would state other figures.
"""

from __future__ import annotations

import json
import random
import re
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path

from django.utils import timezone

from gongkai.orgs.demo import GOVERNMENT_CODE
from gongkai.orgs.models import Organ, User
from gongkai.orgs.roles import Role
from gongkai.publications.indexing import search_key
from gongkai.publications.models import Category, Document, State
from gongkai.publications.services.config import publication_settings_save, topic_save
from gongkai.publications.services.consultations import (
    comment_decide,
    comment_moderate,
    comment_submit,
    consultation_conclude,
    consultation_create,
    consultation_publish,
    consultation_secrecy_approve,
)
from gongkai.publications.services.decisions import decisions_import
from gongkai.publications.services.documents import (
    document_create,
    document_evaluate,
    document_set_validity,
    document_transition,
)
from gongkai.publications.services.imports import documents_import, policy_class_from_number

DATA = Path(__file__).resolve().parent / "data" / "demo_documents.jsonl"
TOPICS = [
    ("yshj", "优化营商环境", "惠企政策、审批改革与营商环境评价。"),
    ("xczx", "乡村振兴", "农业农村政策、涉农补贴与乡村建设。"),
    ("msss", "民生实事", "年度民生实事项目及其办理进展。"),
    ("aqsc", "安全生产", "安全生产责任、隐患排查与应急处置。"),
]
_YEAR = re.compile(r"\{Y([+-]\d+)?\}")
SUMMARY_CHARS = 100


@cache
def demo_rows() -> tuple[dict, ...]:
    """The lines of ``demo_documents.jsonl``, in file order."""
    lines = DATA.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def with_year(text: str, year: int) -> str:
    """``{Y}``, ``{Y-1}``, ``{Y+2}``… replaced by ``year`` and the years around it."""
    return _YEAR.sub(lambda m: str(year + int(m.group(1) or 0)), text)


def row_year(row: dict, today: date) -> int:
    return today.year + row.get("year", 0)


def demo_titles(today: date | None = None) -> dict[str, str]:
    """Stable name (the title with its placeholders) → the title a demo loaded on ``today``
    gives each document that is published."""
    today = today or timezone.localdate()
    return {
        row["title"]: with_year(row["title"], row_year(row, today))
        for row in demo_rows()
        if not row.get("stage")
    }


def demo_document_keys() -> dict[str, str]:
    """Stable name → search key (``document:<id>``) of the published demo documents in the
    database: how the relevance judgments of ``search/data/demo_relevance.jsonl`` find theirs."""
    titles = {title: name for name, title in demo_titles().items()}
    found = Document.objects.filter(state=State.PUBLISHED, title__in=list(titles)).values_list(
        "title", "pk"
    )
    return {titles[title]: search_key(pk) for title, pk in found}


class _Demo:
    def __init__(self):
        self.today = timezone.localdate()
        self.year = self.today.year
        self.random = random.Random(2026)
        self.users = {u.username: u for u in User.objects.all()}
        self.categories = {c.code: c for c in Category.objects.all()}
        self.organs = {o.code: o for o in Organ.objects.all()}
        self.topics = {}
        self.documents: dict[str, Document] = {}  # stable name → document

    def at(self, day: date, hour: int = 9) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, self.random.randint(0, 59))))

    def people(self, organ_code: str) -> dict:
        u = self.users
        if organ_code == GOVERNMENT_CODE:
            return {
                "drafter": u["gkb_handler"],
                "reviewers": [u["gov_head"], u["gov_leader"], u["gkb_head"]],
                "secrecy": u["gov_secrecy"],
                "publisher": u["gov_publisher"],
            }
        suffix = organ_code.removeprefix(f"{GOVERNMENT_CODE}-")
        return {
            "drafter": u[f"{suffix}_handler"],
            "reviewers": [u[f"{suffix}_head"], u[f"{suffix}_leader"], u["gkb_head"]],
            "secrecy": u[f"{suffix}_secrecy"],
            "publisher": u[f"{suffix}_publisher"],
        }

    # --- dates ---

    def formed(self, row: dict) -> date:
        """成文日期: the line's month and day in its year; this year's are spread over the part
        of the year gone by (the same share of it), so that none lies ahead of today."""
        year = row_year(row, self.today)
        month, day = map(int, row["date"].split("-"))
        if year < self.year:
            return date(year, month, day)
        start = date(year, 1, 1)
        span = max((self.today - timedelta(days=3) - start).days, 0)
        share = (date(2001, month, day) - date(2001, 1, 1)).days / 365
        return start + timedelta(days=round(share * span))

    def published(self, formed: date) -> date:
        last = min(date(formed.year, 12, 31), self.today - timedelta(days=1))
        return max(min(formed + timedelta(days=self.random.randint(1, 6)), last), formed)

    # --- the workflow ---

    def fields(self, row: dict) -> dict:
        year = row_year(row, self.today)
        body = with_year(row["body"], year)
        number = with_year(row.get("doc_number", ""), year)
        fields = {
            "title": with_year(row["title"], year),
            "kind": row["kind"],
            "genre": row["genre"],
            "policy_class": policy_class_from_number(row["kind"], number),
            "doc_number": number,
            "category": self.categories[row["category"]],
            "art20_item": row.get("art20"),
            "keywords": row.get("keywords", ""),
            "summary": body.replace("\n", "")[:SUMMARY_CHARS],
            "body": body,
        }
        if row.get("disclosure"):
            fields["disclosure"] = row["disclosure"]
            fields["disclosure_reason"] = row.get("reason", "")
        return fields

    def draft(self, row: dict, *, formed: date | None, **extra) -> Document:
        organ = self.organs[row["organ"]]
        document = document_create(
            actor=self.people(row["organ"])["drafter"],
            organ=organ,
            formed_on=formed,
            topics=[self.topics[t] for t in row.get("topics", [])],
            **self.fields(row),
            **extra,
        )
        self.documents[row["title"]] = document
        return document

    def review(self, document, row: dict, *, start: datetime, upto: str = "approved") -> Document:
        """Walk a draft through submit → review steps → 保密审查, stopping at ``upto``."""
        people = self.people(row["organ"])
        moment = start
        document = document_transition(
            actor=people["drafter"], document=document, action="submit", now=moment
        )
        if upto == "in_review":
            return document
        for reviewer in people["reviewers"][: len(document.review_chain)]:
            moment += timedelta(hours=3)
            document = document_transition(
                actor=reviewer, document=document, action="approve", now=moment
            )
        if upto == "secrecy_review":
            return document
        moment += timedelta(hours=2)
        return document_transition(
            actor=people["secrecy"], document=document, action="secrecy_approve", now=moment
        )

    def publish(self, document, row: dict, *, when: datetime) -> Document:
        return document_transition(
            actor=self.people(row["organ"])["publisher"],
            document=document,
            action="publish",
            now=when,
        )


def _setup(demo: _Demo, government: Organ) -> None:
    for n, (code, name, description) in enumerate(TOPICS, start=1):
        demo.topics[code] = topic_save(
            actor=None, code=code, name=name, description=description, sort_order=n
        )
    publication_settings_save(
        actor=None,
        organ=government,
        index_pattern="{credit_code}/{year}-{seq:05d}",
        require_interpretation=True,
        evaluation_months=12,
        review_steps=[
            ("初审", Role.SECTION_HEAD),
            ("复审", Role.LEADER),
            ("终审", Role.OGI_HEAD),
        ],
    )


def _archive(demo: _Demo, rows: list[dict]) -> list[str]:
    """Earlier years' catalogue as the organs migrate it in: lines of the import contract
    (``gongkai publications import``). A 解读 is published with its policy (三同步)."""
    dates: dict[str, tuple[date, date]] = {}
    numbers: dict[str, str] = {}
    for row in rows:
        if row["kind"] != "interpretation":
            formed = demo.formed(row)
            dates[row["title"]] = (formed, demo.published(formed))
            numbers[row["title"]] = with_year(row.get("doc_number", ""), formed.year)
    lines = []
    for row in rows:
        year = row_year(row, demo.today)
        line = {
            "title": with_year(row["title"], year),
            "body": with_year(row["body"], year),
            "organ": row["organ"],
            "doc_number": with_year(row.get("doc_number", ""), year),
            "category": row["category"],
            "kind": row["kind"],
            "validity": row.get("validity", "有效"),
        }
        policy = row.get("interprets")
        if policy in dates:
            formed, published = dates[policy]
            line["interprets"] = numbers[policy]
        elif policy is None:
            formed, published = dates[row["title"]]
        else:  # pragma: no cover - the data file's own test checks this
            raise RuntimeError(f"演示数据：找不到被解读的文件《{policy}》")
        line["issued_on"], line["published_on"] = formed.isoformat(), published.isoformat()
        lines.append(json.dumps(line, ensure_ascii=False))
    return lines


def _this_year(demo: _Demo, rows: list[dict]) -> None:
    """This year's documents through the review chain, in order of publication; a policy's
    interpretations are reviewed before it is published and go out with it (三同步)."""
    policies = {row["title"] for row in rows if row["kind"] != "interpretation"}
    interpretations: dict[str, list[dict]] = {}
    plan = []
    for row in rows:
        if row["kind"] == "interpretation" and row["interprets"] in policies:
            interpretations.setdefault(row["interprets"], []).append(row)
            continue  # published with its policy
        formed = demo.formed(row)
        plan.append((demo.published(formed), formed, row))
    plan.sort(key=lambda item: item[:2])
    for published, formed, row in plan:
        extra = {}
        if row["kind"] == "interpretation":  # of a policy published in an earlier year
            extra["interprets"] = demo.documents[row["interprets"]]
        document = demo.draft(row, formed=formed, **extra)
        demo.review(document, row, start=demo.at(formed, 9))
        for other in interpretations.get(row["title"], []):
            interpretation = demo.draft(other, formed=formed, interprets=document)
            demo.review(interpretation, other, start=demo.at(formed, 14))
        demo.publish(document, row, when=demo.at(published, 10))


def _validity(demo: _Demo, rows: list[dict]) -> None:
    """废止 by a named successor (from the day the successor was published), 失效 at the end
    of a document's term."""
    for row in rows:
        if not (row.get("repealed_by") or row.get("expires")):
            continue
        document = demo.documents[row["title"]]
        publisher = demo.people(row["organ"])["publisher"]
        if row.get("repealed_by"):
            successor = Document.objects.get(pk=demo.documents[row["repealed_by"]].pk)
            document_set_validity(
                actor=publisher,
                document=document,
                validity="repealed",
                effective_on=successor.published_on,
                replaced_by=successor,
                note=f"被《{successor.title}》废止",
            )
        else:
            ended = with_year(row["expires"], document.formed_on.year)
            document_set_validity(
                actor=publisher,
                document=document,
                validity="expired",
                effective_on=date.fromisoformat(ended),
                note="有效期届满",
            )


def _in_progress(demo: _Demo, rows: list[dict]) -> None:
    """Work in the queues today: drafts, review, 保密审查, approved and waiting for its
    interpretation (三同步), scheduled, overdue under 条例第二十六条, withheld."""
    for row in rows:
        ago = row.get("ago")
        formed = demo.today - timedelta(days=ago) if ago is not None else None
        extra = {}
        if row.get("interprets"):
            extra["interprets"] = demo.documents[row["interprets"]]
        document = demo.draft(row, formed=formed, **extra)
        stage = row["stage"]
        if stage == "draft":
            continue
        start = demo.at(demo.today - timedelta(days=row["start"]))
        document = demo.review(
            document, row, start=start, upto="approved" if stage == "scheduled" else stage
        )
        if stage == "scheduled":
            document_transition(
                actor=demo.people(row["organ"])["publisher"],
                document=document,
                action="schedule",
                scheduled_at=demo.at(demo.today + timedelta(days=4), 9),
            )


def _evaluations(demo: _Demo) -> None:
    """有效性评估: some migrated normative documents were evaluated a year ago and are due
    again (the workspace's 待评估 list)."""
    due = Document.objects.filter(
        state=State.PUBLISHED, validity="valid", policy_class="normative", imported=True
    ).select_related("organ")
    for document in due.order_by("pk")[:6]:
        document_evaluate(
            actor=demo.people(document.organ.code)["publisher"],
            document=document,
            on=demo.today - timedelta(days=380),
            note="年度有效性评估：继续有效",
        )


def _consultations(demo: _Demo, fgj: Organ) -> None:
    people = demo.people(fgj.code)
    today = demo.today
    opens = today - timedelta(days=110)
    closes = opens + timedelta(days=30)
    closed = consultation_create(
        actor=people["drafter"],
        organ=fgj,
        title="关于公开征求《青山区促进数字经济高质量发展若干措施（征求意见稿）》意见的公告",
        description="<p>为加快数字产业化和产业数字化，我局起草了《青山区促进数字经济高质量发展若干措施"
        "（征求意见稿）》，现向社会公开征求意见。</p><p>征求意见期间，可通过本页面提交意见建议。</p>",
        opens_on=opens,
        closes_on=closes,
    )
    consultation_secrecy_approve(actor=people["secrecy"], consultation=closed)
    consultation_publish(actor=people["publisher"], consultation=closed)
    comments = [
        ("建议明确数字化改造项目贷款贴息的申请条件和办理时限。", "陈先生", "adopted", ""),
        ("第五条中“中小微企业”应与国家划型标准保持一致。", "", "adopted", ""),
        (
            "建议对入驻数字经济产业园的企业给予房租全额补贴。",
            "企业代表",
            "partly",
            "财政可承受范围内按50%补贴，上限每年20万元。",
        ),
        (
            "希望取消所有行政审批。",
            "",
            "not_adopted",
            "行政许可事项依照法律、行政法规设定，本措施无权取消。",
        ),
        ("建议设立企业数据合规“一站式”咨询服务。", "王女士", "adopted", ""),
        (
            "涉企检查应当“无事不扰”，建议写入文件。",
            "",
            "partly",
            "已在第十二条规定合并检查，频次不作统一上限。",
        ),
    ]
    for n, (body, name, decision, reason) in enumerate(comments):
        comment = comment_submit(
            consultation=closed, body=body, author_name=name, today=opens + timedelta(days=n * 4)
        )
        comment_moderate(actor=people["publisher"], comment=comment, approve=True)
        comment_decide(actor=people["drafter"], comment=comment, decision=decision, reason=reason)
    spam = comment_submit(
        consultation=closed, body="代开发票，联系……", today=opens + timedelta(days=9)
    )
    comment_moderate(
        actor=people["publisher"], comment=spam, approve=False, note="与征求意见无关的广告"
    )
    consultation_conclude(
        actor=people["publisher"],
        consultation=closed,
        summary="<p>征求意见期间共收到有效意见6条，采纳3条，部分采纳2条，未采纳1条。"
        "未采纳和部分采纳的理由已逐条公布。</p>",
        today=closes + timedelta(days=10),
    )
    open_now = consultation_create(
        actor=demo.users["gkb_handler"],
        organ=fgj.parent,
        title=f"关于公开征求《青山区{demo.year + 1}年民生实事项目（征求意见稿）》意见的公告",
        description=f"<p>为办好群众最关心最直接最现实的利益问题，现就{demo.year + 1}年民生实事项目公开征求意见。</p>",
        opens_on=today - timedelta(days=5),
        closes_on=today + timedelta(days=25),
    )
    consultation_secrecy_approve(actor=demo.users["gov_secrecy"], consultation=open_now)
    consultation_publish(actor=demo.users["gov_publisher"], consultation=open_now)
    for body in ("建议增加社区老年食堂。", "希望在东湖街道新增公共停车位。"):
        comment_submit(consultation=open_now, body=body, today=today - timedelta(days=2))


def _decision_csv(rows: list[tuple]) -> bytes:
    lines = ["类别,文书号,事项名称,决定日期,金额（元）"]
    lines += [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _decisions(demo: _Demo, organs: dict[str, Organ]) -> None:
    """Decision records for last year and this year to date (table 二 第（五）（六）（八）项)."""
    r = demo.random
    plans = {
        "xzsp": [("行政许可", "青审批许〔{y}〕{n}号", "建设工程规划许可", 900)],
        "scj": [
            ("行政处罚", "青市监罚〔{y}〕{n}号", "销售不符合食品安全标准的食品", 260),
            ("行政强制", "青市监强〔{y}〕{n}号", "查封涉嫌违法经营场所", 30),
            ("行政许可", "青市监许〔{y}〕{n}号", "食品经营许可", 400),
        ],
        "cgj": [("行政处罚", "青城管罚〔{y}〕{n}号", "违法占道经营", 180)],
        "sthj": [
            ("行政处罚", "青环罚〔{y}〕{n}号", "超标排放大气污染物", 40),
            ("行政强制", "青环强〔{y}〕{n}号", "查封超标排放设施", 6),
        ],
        "zrzy": [("行政事业性收费", "不动产登记费-{y}-{n:02d}", "不动产登记费", 12)],
        "gaj": [("行政事业性收费", "证照工本费-{y}-{n:02d}", "居民身份证工本费", 12)],
    }
    for suffix, kinds in plans.items():
        organ = organs[suffix]
        for year in (demo.year - 1, demo.year):
            last = date(year, 12, 31) if year < demo.year else demo.today - timedelta(days=1)
            rows = []
            for kind, reference, matter, per_year in kinds:
                count = per_year if year < demo.year else per_year * demo.today.month // 12
                for n in range(1, count + 1):
                    if kind == "行政事业性收费":
                        day = min(date(year, n, 28), last)
                        amount = f"{r.randint(80_000, 260_000)}.{r.randint(0, 99):02d}"
                    else:
                        day = date(year, 1, 1) + timedelta(
                            days=r.randint(0, (last - date(year, 1, 1)).days)
                        )
                        amount = (
                            f"{r.choice([2000, 5000, 10000, 20000])}.00"
                            if kind == "行政处罚"
                            else ""
                        )
                    rows.append(
                        (kind, reference.format(y=year, n=n), matter, day.isoformat(), amount)
                    )
            decisions_import(
                actor=None, organ=organ, data=_decision_csv(rows), filename=f"{suffix}-{year}.csv"
            )


def load() -> list[str]:
    government = Organ.objects.filter(code=GOVERNMENT_CODE).first()
    if government is None:
        return ["主动公开：未找到演示机关，跳过。"]
    if Document.objects.filter(organ=government).exists():
        return ["主动公开：演示数据已存在，未做改动。"]
    demo = _Demo()
    _setup(demo, government)
    rows = demo_rows()
    archive = [r for r in rows if not r.get("stage") and r.get("year", 0) < 0]
    current = [r for r in rows if not r.get("stage") and r.get("year", 0) >= 0]
    report = documents_import(lines=_archive(demo, archive))
    if report.errors:  # pragma: no cover - the demo's own lines are valid
        raise RuntimeError(f"演示数据导入失败：{report.errors[:3]}")
    titles = demo_titles(demo.today)
    by_title = {
        d.title: d for d in Document.objects.filter(title__in=[titles[r["title"]] for r in archive])
    }
    demo.documents.update({r["title"]: by_title[titles[r["title"]]] for r in archive})
    _this_year(demo, current)
    _validity(demo, archive + current)
    _in_progress(demo, [r for r in rows if r.get("stage")])
    _evaluations(demo)
    fgj = demo.organs[f"{GOVERNMENT_CODE}-fgj"]
    _consultations(demo, fgj)
    _decisions(demo, {o.code.removeprefix(f"{GOVERNMENT_CODE}-"): o for o in demo.organs.values()})
    published = Document.objects.filter(state=State.PUBLISHED).count()
    in_progress = Document.objects.exclude(state=State.PUBLISHED).count()
    return [
        f"主动公开：{published} 件已发布（含政策解读、失效和废止文件），{in_progress} 件在办；"
        "2 个征求意见；上一年度和本年度的行政许可、处罚、强制决定及收费数据。"
    ]
