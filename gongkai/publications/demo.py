"""Demo data for proactive disclosure in the 青山区 demo district (after ``orgs.demo``).

About three hundred documents across the organs. The catalogue of the two previous years comes in
through the import contract, as an organ migrating its old catalogue would bring it; this year's
documents go through the services with the demo staff as actors, so they have real review
timelines (初审 → 复审 → 终审 → 保密审查 → 发布). Included: 行政规范性文件 with their 政策解读 (三同步),
implementing opinions, notices, annual reports; repealed documents linked to their replacements
and expired ones; documents still in the workflow (one overdue under 条例第二十六条, one scheduled,
one held back for its interpretation); validity evaluations due; two public consultations with
comments and adoption decisions; decision records and fee receipts for last year and this year
(table 二). Idempotent.
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gongkai.orgs.demo import DEPARTMENTS, GOVERNMENT_CODE, TOWNSHIPS
from gongkai.orgs.models import Organ, User
from gongkai.orgs.roles import Role
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
from gongkai.publications.services.imports import documents_import

TOPICS = [
    ("yshj", "优化营商环境", "惠企政策、审批改革与营商环境评价。"),
    ("xczx", "乡村振兴", "农业农村政策、涉农补贴与乡村建设。"),
    ("msss", "民生实事", "年度民生实事项目及其办理进展。"),
    ("aqsc", "安全生产", "安全生产责任、隐患排查与应急处置。"),
]

# department suffix → (subject, abbreviation in 文号, category code, 条例第二十条 item, topic)
SUBJECTS = {
    "zfb": ("政务服务", "府办", "0101", 2, ""),
    "fgj": ("发展改革", "发改", "0201", 3, "yshj"),
    "jyj": ("教育", "教", "1002", 11, "msss"),
    "kjj": ("科技创新", "科", "1001", 15, "yshj"),
    "gxj": ("工业和信息化", "工信", "0601", 15, "yshj"),
    "gaj": ("公安", "公", "1501", 15, ""),
    "mzj": ("民政", "民", "1601", 11, "msss"),
    "sfj": ("法治建设", "司", "1502", 15, ""),
    "czj": ("财政", "财", "0301", 7, ""),
    "rsj": ("就业和社会保障", "人社", "1401", 11, "msss"),
    "zrzy": ("规划和自然资源", "规资", "0901", 3, ""),
    "sthj": ("生态环境", "环", "0905", 13, ""),
    "zjj": ("住房和城乡建设", "建", "0902", 10, "msss"),
    "jtj": ("交通运输", "交", "0602", 10, ""),
    "swj": ("水务", "水", "0503", 10, ""),
    "nyj": ("农业农村", "农", "0501", 11, "xczx"),
    "swuj": ("商务", "商", "0701", 15, "yshj"),
    "wgl": ("文化旅游体育", "文旅", "1101", 15, ""),
    "wjj": ("卫生健康", "卫健", "1201", 11, "msss"),
    "yjj": ("应急管理", "应急", "0102", 12, "aqsc"),
    "scj": ("市场监管", "市监", "0801", 13, "yshj"),
    "tjj": ("统计", "统", "0204", 4, ""),
    "ybj": ("医疗保障", "医保", "1402", 11, "msss"),
    "cgj": ("城市管理", "城管", "0902", 6, ""),
    "xzsp": ("行政审批", "审批", "0101", 5, "yshj"),
}
DEFAULT_SUBJECT = ("政务", "办", "0101", 15, "")


def _body(subject: str, title: str, kind: str) -> str:
    if kind == "interpretation":
        return (
            f"<h2>一、起草背景</h2><p>为贯彻落实上级关于{subject}工作的决策部署，回应企业和群众关切，"
            f"我区组织起草了《{title}》。</p><h2>二、主要内容</h2><p>文件共分总则、主要措施、保障措施三部分，"
            f"明确了适用范围、支持对象和办理程序。</p><h2>三、政策亮点</h2><ul><li>简化办理流程，"
            "申请材料精简三分之一；</li><li>实行“一网通办”，办理时限压缩至10个工作日；</li>"
            "<li>明确监督举报渠道。</li></ul><h2>四、解读机关及联系方式</h2>"
            "<p>解读机关：文件起草部门。咨询电话见本机关政府信息公开指南。</p>"
        )
    return (
        f"<p>各有关单位：</p><p>为进一步做好{subject}工作，根据国家、省、市有关规定，结合本区实际，"
        f"现就有关事项{'通知如下' if kind == 'notice' else '规定如下'}。</p>"
        f"<h2>一、总体要求</h2><p>坚持以人民为中心，以公开为常态、不公开为例外，推进{subject}领域"
        "决策、执行、管理、服务、结果公开。</p><h2>二、主要任务</h2><ol><li>健全工作机制，明确责任分工；"
        "</li><li>加强信息发布，及时回应社会关切；</li><li>强化监督检查，确保各项措施落到实处。</li></ol>"
        "<h2>三、保障措施</h2><p>各单位要高度重视，加强组织领导，按时报送工作进展情况。</p>"
    )


class _Demo:
    def __init__(self):
        self.today = timezone.localdate()
        self.year = self.today.year
        self.random = random.Random(2026)
        self.users = {u.username: u for u in User.objects.all()}
        self.categories = {c.code: c for c in Category.objects.all()}
        self.topics = {}
        self.serials: dict[str, int] = {}
        self.normative_titles: dict[int, str] = {}
        self.normative_organs: set[int] = set()
        self.renewing_organs: set[int] = set()

    def at(self, day: date, hour: int = 9) -> datetime:
        return timezone.make_aware(datetime.combine(day, time(hour, self.random.randint(0, 59))))

    def people(self, suffix: str | None) -> dict:
        u = self.users
        if suffix is None:  # the district government
            return {
                "drafter": u["gkb_handler"],
                "reviewers": [u["gov_head"], u["gov_leader"], u["gkb_head"]],
                "secrecy": u["gov_secrecy"],
                "publisher": u["gov_publisher"],
            }
        return {
            "drafter": u[f"{suffix}_handler"],
            "reviewers": [u[f"{suffix}_head"], u[f"{suffix}_leader"], u["gkb_head"]],
            "secrecy": u[f"{suffix}_secrecy"],
            "publisher": u[f"{suffix}_publisher"],
        }

    def doc_number(self, abbr: str, year: int, normative: bool) -> str:
        key = f"{abbr}{year}{normative}"
        self.serials[key] = self.serials.get(key, 0) + 1
        prefix = f"青{abbr}{'规' if normative else ''}"
        return f"{prefix}〔{year}〕{self.serials[key]}号"

    def draft(self, organ, people, *, formed: date, **fields) -> Document:
        topics = fields.pop("topics", [])
        return document_create(
            actor=people["drafter"],
            organ=organ,
            formed_on=formed,
            topics=[self.topics[t] for t in topics if t],
            **fields,
        )

    def review(self, document, people, *, start: datetime, upto: str = "approved") -> Document:
        """Walk a draft through submit → review steps → 保密审查, stopping at ``upto``."""
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

    def publish(self, document, people, *, when: datetime) -> Document:
        return document_transition(
            actor=people["publisher"], document=document, action="publish", now=when
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


def _dates(demo: _Demo, year: int) -> tuple[date, date]:
    """A 成文日期 in ``year`` (before today) and a publication date a few days later."""
    r = demo.random
    last = demo.today - timedelta(days=3) if year == demo.year else date(year, 12, 20)
    formed = date(year, 1, 5) + timedelta(days=r.randint(0, (last - date(year, 1, 5)).days))
    return formed, min(formed + timedelta(days=r.randint(2, 12)), demo.today - timedelta(days=1))


def _subject(suffix: str | None):
    subject, abbr, category, art20, topic = SUBJECTS.get(suffix or "zfb", DEFAULT_SUBJECT)
    return subject, ("府" if suffix is None else abbr), category, art20, topic


def _normative_title(demo: _Demo, subject: str) -> str:
    kinds = ["专项资金管理办法", "领域信用监管办法", "服务事项管理规定", "工作实施办法"]
    return f"青山区{subject}{demo.random.choice(kinds)}"


def _archive_lines(demo: _Demo, organs: list[tuple[Organ, str | None, int]]) -> list[str]:
    """The catalogue of the two previous years, as the organs would migrate it in: lines of the
    import contract (``gongkai publications import``)."""
    lines: list[dict] = []
    r = demo.random
    for organ, suffix, index in organs:
        subject, abbr, category_code, _, _ = _subject(suffix)
        category = demo.categories[category_code].label
        short = organ.short_name
        title = demo.normative_titles[organ.pk]
        for year in (demo.year - 2, demo.year - 1):
            if organ.pk in demo.normative_organs:
                formed, published = _dates(demo, year)
                number = demo.doc_number(abbr, year, True)
                heading = title if year == demo.year - 2 else f"{title}（{year}年修订）"
                lines.append(
                    {
                        "title": heading,
                        "body": _body(subject, heading, "policy"),
                        "organ": organ.code,
                        "doc_number": number,
                        "issued_on": formed.isoformat(),
                        "published_on": published.isoformat(),
                        "category": category,
                        "kind": "policy",
                    }
                )
                lines.append(
                    {
                        "title": f"《{heading}》政策解读",
                        "body": _body(subject, heading, "interpretation"),
                        "organ": organ.name,
                        "issued_on": formed.isoformat(),
                        "published_on": published.isoformat(),
                        "category": category,
                        "kind": "interpretation",
                        "interprets": number,
                    }
                )
            formed, published = _dates(demo, year)
            notice = r.choice(
                [
                    f"关于开展{year}年{subject}领域专项检查的通知",
                    f"关于做好{year}年{subject}信息报送工作的通知",
                    f"关于公布{year}年{subject}权责清单的公告",
                ]
            )
            lines.append(
                {
                    "title": notice,
                    "body": _body(subject, notice, "notice"),
                    "organ": organ.code,
                    "doc_number": demo.doc_number(abbr, year, False),
                    "issued_on": formed.isoformat(),
                    "published_on": published.isoformat(),
                    "category": category,
                    "kind": "notice",
                    # a notice of a campaign that ended: the old system already marked it
                    "validity": "失效" if year == demo.year - 2 and index % 5 == 2 else "有效",
                }
            )
            if year == demo.year - 1:
                formed, published = _dates(demo, year)
                opinion = f"关于进一步加强{subject}工作的实施意见"
                lines.append(
                    {
                        "title": opinion,
                        "body": _body(subject, opinion, "policy"),
                        "organ": organ.code,
                        "doc_number": demo.doc_number(abbr, year, False),
                        "issued_on": formed.isoformat(),
                        "published_on": published.isoformat(),
                        "category": category,
                        "kind": "policy",
                    }
                )
                report = f"{short}{year - 1}年政府信息公开工作年度报告"
                lines.append(
                    {
                        "title": report,
                        "body": f"<p>根据《中华人民共和国政府信息公开条例》，现公布{report}。</p>",
                        "organ": organ.code,
                        "issued_on": f"{year}-01-20",
                        "published_on": f"{year}-01-25",
                        "category": demo.categories["0101"].label,
                        "kind": "report",
                    }
                )
    return [json.dumps(line, ensure_ascii=False) for line in lines]


def _this_year(demo: _Demo, organ: Organ, suffix: str | None, index: int) -> None:
    """This year's documents go through the platform's review chain (初审 → 复审 → 终审 →
    保密审查 → 发布); a new 行政规范性文件 repeals the one of two years ago."""
    subject, abbr, category_code, art20, topic = _subject(suffix)
    people = demo.people(suffix)
    category = demo.categories[category_code]
    topics = [topic] if topic and index % 2 == 0 else []
    if organ.pk in demo.renewing_organs:
        formed, published = _dates(demo, demo.year)
        title = f"{demo.normative_titles[organ.pk]}（{demo.year}年修订）"
        policy = demo.draft(
            organ,
            people,
            formed=formed,
            title=title,
            kind="policy",
            policy_class="normative",
            genre="measures",
            doc_number=demo.doc_number(abbr, demo.year, True),
            category=category,
            topics=topics,
            keywords=f"{subject} 管理办法 规范性文件",
            summary=f"规定本区{subject}领域的适用范围、职责分工、办理程序和监督管理。",
            body=_body(subject, title, "policy"),
        )
        policy = demo.review(policy, people, start=demo.at(formed, 9))
        interpretation = demo.draft(
            organ,
            people,
            formed=formed,
            title=f"《{title}》政策解读",
            kind="interpretation",
            genre="interpretation",
            interprets=policy,
            category=category,
            keywords=f"{subject} 政策解读",
            summary=f"从起草背景、主要内容和政策亮点三方面解读《{title}》。",
            body=_body(subject, title, "interpretation"),
        )
        demo.review(interpretation, people, start=demo.at(formed, 14))
        policy = demo.publish(policy, people, when=demo.at(published, 10))  # with its 解读
        old = Document.objects.filter(
            organ=organ, policy_class="normative", formed_on__year=demo.year - 2
        ).first()
        if old is not None:
            document_set_validity(
                actor=people["publisher"],
                document=old,
                validity="repealed",
                effective_on=published,
                replaced_by=policy,
                note=f"被《{title}》废止",
            )
    if index % 2:
        return
    formed, published = _dates(demo, demo.year)
    title, genre = (
        (f"青山区{demo.year}年{subject}工作要点", "programme")
        if index % 4 == 0
        else (f"关于开展{demo.year}年{subject}领域专项检查的通知", "notice")
    )
    document = demo.draft(
        organ,
        people,
        formed=formed,
        title=title,
        kind="notice",
        genre=genre,
        doc_number=demo.doc_number(abbr, demo.year, False),
        art20_item=art20,
        category=category,
        topics=topics,
        keywords=f"{subject} {demo.year}年",
        summary=f"{organ.short_name}{demo.year}年{subject}工作安排。",
        body=_body(subject, title, "notice"),
    )
    document = demo.review(document, people, start=demo.at(formed, 9))
    demo.publish(document, people, when=demo.at(published, 10))


def _in_progress(demo: _Demo, fgj: Organ) -> None:
    """Work in the fgj queues today: drafts, review, 保密审查, waiting, scheduled, overdue."""
    people = demo.people("fgj")
    category = demo.categories["0201"]
    today = demo.today
    drafts = [
        ("关于征集2027年区级重大项目的通知", today - timedelta(days=4)),
        ("青山区数据要素市场培育若干措施（送审稿）", None),
    ]
    for title, formed in drafts:
        demo.draft(
            fgj,
            people,
            formed=formed,
            title=title,
            kind="notice",
            genre="notice",
            category=category,
            body=_body("发展改革", title, "notice"),
        )
    overdue = demo.draft(
        fgj,
        people,
        formed=today - timedelta(days=45),
        title="关于公布青山区2026年第三批区级重点建设项目名单的通知",
        kind="notice",
        genre="notice",
        art20_item=10,
        category=category,
        body=_body("发展改革", "重点建设项目", "notice"),
    )
    demo.review(overdue, people, start=demo.at(today - timedelta(days=5)), upto="in_review")
    waiting = demo.draft(
        fgj,
        people,
        formed=today - timedelta(days=6),
        title="青山区促进民营经济高质量发展若干措施",
        kind="policy",
        policy_class="normative",
        genre="measures",
        doc_number=demo.doc_number("发改", demo.year, True),
        category=category,
        topics=["yshj"],
        summary="从市场准入、要素保障、融资支持、权益保护等方面提出二十条措施。",
        body=_body("发展改革", "民营经济", "policy"),
    )
    # Approved, but its interpretation is not yet: 三同步 holds it back.
    demo.review(waiting, people, start=demo.at(today - timedelta(days=5)))
    interpretation = demo.draft(
        fgj,
        people,
        formed=today - timedelta(days=6),
        title="《青山区促进民营经济高质量发展若干措施》政策解读",
        kind="interpretation",
        genre="interpretation",
        interprets=waiting,
        category=category,
        body=_body("发展改革", "青山区促进民营经济高质量发展若干措施", "interpretation"),
    )
    demo.review(
        interpretation, people, start=demo.at(today - timedelta(days=2)), upto="secrecy_review"
    )
    scheduled = demo.draft(
        fgj,
        people,
        formed=today - timedelta(days=3),
        title="关于2026年第四季度重点项目推进情况的通报",
        kind="notice",
        genre="bulletin",
        category=category,
        body=_body("发展改革", "重点项目推进", "notice"),
    )
    demo.review(scheduled, people, start=demo.at(today - timedelta(days=2)))
    document_transition(
        actor=people["publisher"],
        document=scheduled,
        action="schedule",
        scheduled_at=demo.at(today + timedelta(days=4), 9),
    )
    withheld = demo.draft(
        fgj,
        people,
        formed=today - timedelta(days=10),
        title="关于区级储备项目前期工作经费安排的请示",
        kind="other",
        genre="report",
        category=category,
        disclosure="withheld",
        disclosure_reason="属于内部请示报告（条例第十六条第二款过程性信息）。",
        body="<p>（内部请示，不予公开）</p>",
    )
    demo.review(withheld, people, start=demo.at(today - timedelta(days=8)))


def _evaluations(demo: _Demo) -> None:
    """有效性评估: the normative documents of last year were evaluated a year ago and are due
    again (the workspace's 待评估 list); one was repealed at its evaluation instead."""
    due = Document.objects.filter(
        state=State.PUBLISHED, validity="valid", policy_class="normative", imported=True
    ).select_related("organ")
    for document in due.order_by("pk")[:6]:
        suffix = document.organ.code.removeprefix(f"{GOVERNMENT_CODE}-")
        publisher = demo.users.get(f"{suffix}_publisher", demo.users["gov_publisher"])
        document_evaluate(
            actor=publisher,
            document=document,
            on=demo.today - timedelta(days=380),
            note="年度有效性评估：继续有效",
        )


def _consultations(demo: _Demo, fgj: Organ) -> None:
    people = demo.people("fgj")
    today = demo.today
    opens = today - timedelta(days=110)
    closes = opens + timedelta(days=30)
    closed = consultation_create(
        actor=people["drafter"],
        organ=fgj,
        title="关于公开征求《青山区促进民营经济高质量发展若干措施（征求意见稿）》意见的公告",
        description="<p>为营造公平竞争的市场环境，我局起草了《青山区促进民营经济高质量发展若干措施"
        "（征求意见稿）》，现向社会公开征求意见。</p><p>征求意见期间，可通过本页面提交意见建议。</p>",
        opens_on=opens,
        closes_on=closes,
    )
    consultation_secrecy_approve(actor=people["secrecy"], consultation=closed)
    consultation_publish(actor=people["publisher"], consultation=closed)
    comments = [
        ("建议明确“首贷续贷”贴息的申请条件和办理时限。", "陈先生", "adopted", ""),
        ("第五条中“中小微企业”应与国家划型标准保持一致。", "", "adopted", ""),
        (
            "建议对科技型企业给予房租全额补贴。",
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
        ("建议设立民营企业诉求“一站式”受理平台。", "王女士", "adopted", ""),
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
        title="关于公开征求《青山区2027年民生实事项目（征求意见稿）》意见的公告",
        description="<p>为办好群众最关心最直接最现实的利益问题，现就2027年民生实事项目公开征求意见。</p>",
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
    by_suffix = {o.code.removeprefix(f"{GOVERNMENT_CODE}-"): o for o in Organ.objects.all()}
    organs = [(government, None, 0)] + [
        (by_suffix[suffix], suffix, index)
        for index, (suffix, _, _) in enumerate(DEPARTMENTS + TOWNSHIPS, start=1)
    ]
    # The government and a third of the departments issue 行政规范性文件; some renew them this year.
    for organ, suffix, index in organs:
        demo.normative_titles[organ.pk] = _normative_title(demo, _subject(suffix)[0])
        if suffix is None or (index % 3 == 0 and organ.level == Organ.Level.DEPARTMENT):
            demo.normative_organs.add(organ.pk)
            if suffix is None or index % 6 == 0:
                demo.renewing_organs.add(organ.pk)
    report = documents_import(lines=_archive_lines(demo, organs))
    if report.errors:  # pragma: no cover - the demo's own lines are valid
        raise RuntimeError(f"演示数据导入失败：{report.errors[:3]}")
    for organ, suffix, index in organs:
        _this_year(demo, organ, suffix, index)
    _expire(demo)
    _in_progress(demo, by_suffix["fgj"])
    _evaluations(demo)
    _consultations(demo, by_suffix["fgj"])
    _decisions(demo, by_suffix)
    published = Document.objects.filter(state=State.PUBLISHED).count()
    in_progress = Document.objects.exclude(state=State.PUBLISHED).count()
    return [
        f"主动公开：{published} 件已发布（含政策解读、失效和废止文件），{in_progress} 件在办；"
        "2 个征求意见；上一年度和本年度的行政许可、处罚、强制决定及收费数据。"
    ]


def _expire(demo: _Demo) -> None:
    """Notices of campaigns that ended are marked 失效 at the end of their year."""
    old = Document.objects.filter(
        state=State.PUBLISHED, kind="notice", validity="valid", published_on__year=demo.year - 2
    ).select_related("organ")
    for document in old.order_by("pk")[::7]:
        suffix = document.organ.code.removeprefix(f"{GOVERNMENT_CODE}-")
        document_set_validity(
            actor=demo.users.get(f"{suffix}_publisher", demo.users["gov_publisher"]),
            document=document,
            validity="expired",
            effective_on=date(demo.year - 2, 12, 31),
            note="专项工作结束，有效期届满",
        )
