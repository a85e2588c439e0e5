"""Demo data for proactive disclosure in the 青山区 demo district (after ``orgs.demo``).

Everything goes through the services with the demo staff as actors, so every published document
has a real review timeline (初审 → 复审 → 终审 → 保密审查 → 发布): about three hundred documents
across the organs — 行政规范性文件 with their 政策解读, implementing opinions, notices, work
reports — some repealed or expired and replaced, a few still in the workflow (one overdue under
条例第二十六条, one scheduled), two public consultations with comments, and decision records and
fee receipts for last year and this year (table 二). Idempotent.
"""

from __future__ import annotations

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


def _organ_documents(demo: _Demo, organ: Organ, suffix: str | None, index: int) -> None:
    """Six to eight published documents of one organ over the last three years."""
    subject, abbr, category_code, art20, topic = SUBJECTS.get(suffix or "zfb", DEFAULT_SUBJECT)
    if suffix is None:
        abbr = "府"
    people = demo.people(suffix)
    category = demo.categories.get(category_code)
    short = organ.short_name
    r = demo.random
    plans = []
    # A 行政规范性文件 (the government and a third of the departments) with its interpretation.
    if suffix is None or index % 3 == 0:
        for year in (demo.year - 2, demo.year - 1, demo.year):
            plans.append(("normative", year))
    plans += [("opinion", demo.year - 1), ("notice", demo.year - 1), ("notice", demo.year)]
    plans += [("report", demo.year - 1), ("notice", demo.year - 2)]
    if index % 2 == 0:
        plans.append(("programme", demo.year))
    previous_normative = None
    normative_title = f"青山区{subject}{r.choice(['专项资金管理办法', '领域信用监管办法', '服务事项管理规定', '工作实施办法'])}"
    for kind_plan, year in plans:
        last_day = demo.today - timedelta(days=3) if year == demo.year else date(year, 12, 20)
        formed = date(year, 1, 5) + timedelta(days=r.randint(0, (last_day - date(year, 1, 5)).days))
        published_on = min(
            formed + timedelta(days=r.randint(2, 12)), demo.today - timedelta(days=1)
        )
        when = demo.at(published_on, 10)
        common = {"category": category, "topics": [topic] if r.random() < 0.5 else []}
        if kind_plan == "normative":
            title = normative_title
            if year != demo.year - 2:
                title = f"{normative_title}（{year}年修订）"
            document = demo.draft(
                organ,
                people,
                formed=formed,
                title=title,
                kind="policy",
                policy_class="normative",
                genre="measures",
                doc_number=demo.doc_number(abbr, year, True),
                art20_item=1,
                keywords=f"{subject} 管理办法 规范性文件",
                summary=f"规定本区{subject}领域的适用范围、职责分工、办理程序和监督管理。",
                body=_body(subject, title, "policy"),
                **common,
            )
            document = demo.review(document, people, start=demo.at(formed, 9))
            interpretation = demo.draft(
                organ,
                people,
                formed=formed,
                title=f"《{title}》政策解读",
                kind="interpretation",
                genre="interpretation",
                interprets=document,
                keywords=f"{subject} 政策解读",
                summary=f"从起草背景、主要内容和政策亮点三方面解读《{title}》。",
                body=_body(subject, title, "interpretation"),
                **common,
            )
            demo.review(interpretation, people, start=demo.at(formed, 14))
            document = demo.publish(document, people, when=when)
            if previous_normative is not None and year == demo.year:
                # The new rules replace those of two years ago (有效性: 废止, with the link).
                document_set_validity(
                    actor=people["publisher"],
                    document=previous_normative,
                    validity="repealed",
                    effective_on=published_on,
                    replaced_by=document,
                    note=f"被《{title}》废止",
                )
            previous_normative = previous_normative or document
            continue
        if kind_plan == "opinion":
            title, genre, kind, policy_class = (
                f"关于进一步加强{subject}工作的实施意见",
                "opinion",
                "policy",
                "other_policy",
            )
        elif kind_plan == "report":
            title, genre, kind, policy_class = (
                f"{short}{year}年政府信息公开工作年度报告",
                "report",
                "report",
                "",
            )
        elif kind_plan == "programme":
            title, genre, kind, policy_class = (
                f"青山区{year}年{subject}工作要点",
                "programme",
                "notice",
                "",
            )
        else:
            title, genre, kind, policy_class = (
                r.choice(
                    [
                        f"关于开展{year}年{subject}领域专项检查的通知",
                        f"关于做好{year}年{subject}信息报送工作的通知",
                        f"关于公布{year}年{subject}服务事项清单的公告",
                        f"{short}关于调整办公时间的通告",
                    ]
                ),
                "notice",
                "notice",
                "",
            )
        document = demo.draft(
            organ,
            people,
            formed=formed,
            title=title,
            kind=kind,
            policy_class=policy_class,
            genre=genre,
            doc_number=demo.doc_number(abbr, year, False) if kind != "report" else "",
            art20_item=art20,
            keywords=f"{subject} {genre}",
            summary=f"{short}关于{subject}工作的{'报告' if kind == 'report' else '安排'}。",
            body=_body(subject, title, kind),
            **common,
        )
        document = demo.review(document, people, start=demo.at(formed, 9))
        document = demo.publish(document, people, when=when)
        if kind_plan == "notice" and year == demo.year - 2 and index % 4 == 1:
            document_set_validity(
                actor=people["publisher"],
                document=document,
                validity="expired",
                effective_on=date(year, 12, 31),
                note="有效期届满自动失效",
            )


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


def _evaluate(demo: _Demo) -> None:
    """Most documents due for their yearly validity evaluation were evaluated; a few wait."""
    due = Document.objects.filter(
        state=State.PUBLISHED, validity="valid", next_evaluation_on__lte=demo.today
    ).select_related("organ")
    for n, document in enumerate(due.order_by("pk")):
        if n % 9 == 0:
            continue  # left for the workspace's 待评估 list
        publisher = demo.users.get(
            f"{document.organ.code.removeprefix(GOVERNMENT_CODE + '-')}_publisher"
        )
        document_evaluate(
            actor=publisher or demo.users["gov_publisher"],
            document=document,
            on=min(
                document.next_evaluation_on + timedelta(days=demo.random.randint(1, 20)),
                demo.today,
            ),
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
    organs = {o.code.removeprefix(f"{GOVERNMENT_CODE}-"): o for o in Organ.objects.all()}
    _organ_documents(demo, government, None, 0)
    for index, (suffix, _, _) in enumerate(DEPARTMENTS + TOWNSHIPS, start=1):
        _organ_documents(demo, organs[suffix], suffix, index)
    _in_progress(demo, organs["fgj"])
    _evaluate(demo)
    _consultations(demo, organs["fgj"])
    _decisions(demo, organs)
    counts = {
        state: Document.objects.filter(state=state).count()
        for state in (State.PUBLISHED, State.DRAFT, State.IN_REVIEW, State.APPROVED)
    }
    return [
        f"主动公开：{counts[State.PUBLISHED]} 件已发布（含政策解读、失效和废止文件），"
        f"{counts[State.DRAFT] + counts[State.IN_REVIEW] + counts[State.APPROVED]} 件在办；"
        "2 个征求意见；上一年度和本年度的行政许可、处罚、强制决定及收费数据。"
    ]
