"""Demo applications for the demo district (江州市青山区).

The story: the district went live on Gongkai on 2025-10-01. Applications received before that
were imported from the provincial system (the import contract of issue #3); from October 2025 on
they are handled in Gongkai by the demo staff, with real timelines, deadlines and letters. The
mix follows seed 003 (广州市黄埔区, 2022): 96 % natural persons; of concluded applications about
32 % disclosed, 7 % partly, 7 % withheld, 51 % could not be provided, 3 % not processed, under
1 % other. The current year has open applications in every workflow state.

``GONGKAI_DEMO_SCALE`` (default 1) scales the volume (the test suite uses a small scale).
"""

from __future__ import annotations

import os
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.utils import timezone

from gongkai.calendars import deadlines as engine
from gongkai.calendars.selectors import calendar_cache, work_calendar
from gongkai.cases import services as s
from gongkai.cases.identity import resident_id_check_char
from gongkai.cases.models import ApplicantType, Application, Channel, Consultation, Remedy
from gongkai.cases.outcomes import Decision, WithholdReason
from gongkai.cases.services.importing import ImportRecord, application_import
from gongkai.cases.workflow import State
from gongkai.orgs.models import Organ, User

TZ = ZoneInfo("Asia/Shanghai")
GO_LIVE = date(2025, 10, 1)

# Where applications go (weights): land and housing dominate in a district's real mix.
DEPARTMENT_WEIGHTS = {
    "zrzy": 26,
    "zjj": 14,
    "gaj": 8,
    "rsj": 6,
    "jyj": 6,
    "cgj": 5,
    "scj": 5,
    "sthj": 4,
    "wjj": 3,
    "mzj": 3,
    "jtj": 3,
    "fgj": 2,
    "czj": 2,
    "swj": 2,
    "nyj": 2,
    "yjj": 1,
    "xzsp": 2,
    "gxq": 3,
    "zfb": 2,
    "qsjd": 2,
    "dhjd": 2,
    "xqz": 2,
    "smz": 1,
    "lxz": 1,
}
TOPICS = {
    "zrzy": [
        "{place}地块国有土地上房屋征收决定及补偿方案",
        "{place}片区控制性详细规划调整批复",
        "{place}项目建设用地规划许可证及附图",
        "{year}年度{place}集体土地征收报批材料",
        "{place}地块土地出让合同",
    ],
    "zjj": [
        "{place}小区加装电梯审批文件",
        "{place}项目建筑工程施工许可证",
        "{place}保障性住房分配方案及名单",
        "{place}棚户区改造项目实施方案",
        "{place}项目商品房预售许可证",
    ],
    "gaj": [
        "{year}年{place}交通违法停车处罚依据",
        "{place}路段电子警察设置审批文件",
        "户籍迁移办理依据和程序",
    ],
    "rsj": [
        "{year}年度事业单位公开招聘拟聘用人员名单",
        "{company}的劳动保障监察处理决定",
        "{year}年度社保补贴发放明细",
    ],
    "jyj": [
        "{year}年义务教育学校招生计划及学位分配方案",
        "{place}学校新建工程立项批复",
        "民办学校收费标准核定文件",
    ],
    "cgj": [
        "{place}违法建设拆除决定书",
        "{year}年度城市道路占道经营整治方案",
        "{place}垃圾转运站选址论证材料",
    ],
    "scj": [
        "{company}的企业登记档案",
        "{company}食品安全监督抽检结果",
        "{year}年度特种设备检查记录",
    ],
    "sthj": [
        "{place}项目环境影响评价报告及批复",
        "{company}排污许可证及执法监测报告",
        "{year}年度大气污染防治实施方案",
    ],
    "wjj": ["{place}社区卫生服务中心设置审批", "{year}年度医疗机构执业许可清单"],
    "mzj": ["{year}年度最低生活保障资金发放情况", "{place}养老服务设施建设补助文件"],
    "jtj": ["{place}公交线路调整批复", "{place}道路改造工程立项及预算"],
    "fgj": ["{place}项目可行性研究报告批复", "{year}年度重点建设项目计划"],
    "czj": ["{year}年度区级部门预算", "{year}年度政府采购项目目录"],
    "swj": ["{place}河涌整治工程设计批复", "{place}排水管网改造工程招标文件"],
    "nyj": ["{year}年度耕地地力保护补贴发放名册", "{place}农村集体经济组织收益分配方案"],
    "yjj": ["{place}事故调查报告", "{year}年度安全生产执法检查计划"],
    "xzsp": ["{company}的行政许可办理结果", "{year}年度行政审批事项清单"],
    "gxq": ["{place}城市更新单元规划及实施方案", "{place}旧村改造复建安置方案"],
    "zfb": ["区政府常务会议关于{place}项目的会议纪要", "{year}年区政府工作报告起草材料"],
    "qsjd": ["{place}社区出租屋整治通知", "{place}社区综合整治工程预算"],
    "dhjd": ["{place}临时安置补偿标准", "{place}社区网格化管理经费"],
    "xqz": ["{place}村宅基地审批资料", "{place}村征地补偿款分配情况"],
    "smz": ["{place}村集体土地流转合同", "{place}村人居环境整治项目资金使用情况"],
    "lxz": ["{place}村道路硬底化工程资金", "{place}村危房改造补助名单"],
}
PLACES = [
    "青山路",
    "东湖新村",
    "西岭",
    "南港",
    "北园",
    "长乐",
    "新桥",
    "石门",
    "白云",
    "龙溪",
    "科学城",
    "滨江",
    "金沙洲",
    "凤凰岭",
    "月湖",
    "文冲",
    "长岭",
    "大沙",
]
COMPANIES = [
    "江州某某建材有限公司",
    "青山某某物业服务有限公司",
    "江州某某食品有限公司",
    "某某环保科技有限公司",
    "某某房地产开发有限公司",
    "某某电子科技有限公司",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志文玉兰红梅海燕"

# seed 003's concluded mix (333 / 76 / 75 / 530 / 28 / 6 of 1,048), spread over the sub-rows
OUTCOME_WEIGHTS = {
    "R3.1": 333, "R3.2": 76,
    "R3.3.1": 1, "R3.3.2": 3, "R3.3.3": 1, "R3.3.4": 30, "R3.3.5": 14, "R3.3.6": 18, "R3.3.7": 8,
    "R3.4.1": 470, "R3.4.2": 45, "R3.4.3": 15,
    "R3.5.1": 10, "R3.5.2": 12, "R3.5.3": 2, "R3.5.4": 2, "R3.5.5": 2,
    "R3.6.1": 2, "R3.6.2": 1, "R3.6.3": 3,
}  # fmt: skip
APPLICANT_WEIGHTS = {"NP": 1020, "COM": 25, "LAW": 10, "RES": 2, "NGO": 2, "OTH": 3}
WITHHOLD = {
    "R3.3.1": (
        WithholdReason.STATE_SECRET,
        "《中华人民共和国保守国家秘密法》第二条及《条例》第十四条",
        "该信息经定密属于国家秘密。",
    ),
    "R3.3.2": (
        WithholdReason.LAW_PROHIBITED,
        "《中华人民共和国统计法》第二十五条及《条例》第十四条",
        "该信息属于统计调查中获得的单个调查对象资料。",
    ),
    "R3.3.3": (WithholdReason.SAFETY_STABILITY, "《条例》第十四条", "公开后可能危及社会稳定。"),
    "R3.3.4": (
        WithholdReason.THIRD_PARTY,
        "《条例》第十五条",
        "该信息涉及第三方商业秘密，经征求意见第三方不同意公开。",
    ),
    "R3.3.5": (
        WithholdReason.INTERNAL_AFFAIRS,
        "《条例》第十六条第一款",
        "该信息属于人事管理类内部事务信息。",
    ),
    "R3.3.6": (
        WithholdReason.PROCESS_INFO,
        "《条例》第十六条第二款",
        "该信息属于行政机关内部讨论记录和过程稿。",
    ),
    "R3.3.7": (
        WithholdReason.ENFORCEMENT_FILE,
        "《条例》第十六条第二款",
        "该信息属于行政执法案卷。",
    ),
}


def scale() -> float:
    try:
        return max(0.01, float(os.environ.get("GONGKAI_DEMO_SCALE", "1")))
    except ValueError:
        return 1.0


def _pick(rng, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _valid_id(rng) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 50))
    first17 = f"449902{born:%Y%m%d}{rng.randrange(0, 1000):03d}"
    return first17 + resident_id_check_char(first17)


class Story:
    """Generates and replays the demo's applications through the services."""

    def __init__(self):
        self.rng = random.Random(20251001)
        self.organs = {
            o.code.split("-", 1)[-1]: o for o in Organ.objects.filter(code__startswith="qingshan")
        }
        self.users = {u.username: u for u in User.objects.filter(username__contains="_")} | {
            u.username: u
            for u in User.objects.filter(username__in=["legal", "gkb_head", "gkb_handler"])
        }
        self.calendar = work_calendar()

    # --- helpers ---

    def wd(self, day: date, n: int) -> date:
        return engine.add_working_days(self.calendar, start=day, n=n, rule=engine.REPLY).due

    def at(self, day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour, self.rng.randrange(0, 60)), tzinfo=TZ)

    def working_days(self, first: date, last: date) -> list[date]:
        days, day = [], first
        while day <= last:
            if self.calendar.is_working_day(day):
                days.append(day)
            day += timedelta(days=1)
        return days

    def department(self) -> str:
        return _pick(self.rng, DEPARTMENT_WEIGHTS)

    def description(self, dept: str, year: int) -> str:
        return self.rng.choice(TOPICS[dept]).format(
            place=self.rng.choice(PLACES),
            year=year - self.rng.choice([0, 1, 1, 2]),
            company=self.rng.choice(COMPANIES),
        )

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(
            self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2, 2]))
        )

    def applicant(self, kind: str) -> s.ApplicantData:
        phone = f"13{self.rng.randrange(0, 10)}{self.rng.randrange(10_000_000, 99_999_999)}"
        address = f"江州市青山区{self.rng.choice(PLACES)}{self.rng.randrange(1, 300)}号"
        if kind == ApplicantType.NP:
            return s.ApplicantData(
                applicant_type=kind,
                name=self.name(),
                id_number=_valid_id(self.rng),
                phone=phone,
                address=address,
                postcode="519900",
            )
        names = {
            "COM": self.rng.choice(COMPANIES),
            "LAW": "江州某某律师事务所",
            "RES": "江州某某大学城市规划研究院",
            "NGO": "青山区某某公益服务中心",
            "OTH": "某某小区业主委员会",
        }
        return s.ApplicantData(
            applicant_type=kind,
            organisation_name=names[kind],
            credit_code=_org_code(self.rng),
            legal_representative=self.name(),
            contact_person=self.name(),
            phone=phone,
            address=address,
            postcode="519900",
        )

    def staff(self, dept: str, role: str) -> User:
        return self.users[f"{dept}_{role}"]

    # --- imported history (before go-live) ---

    def import_history(self, first: date, last: date, count: int) -> int:
        days = self.working_days(first, last)
        for n in range(count):
            dept = self.department()
            received = self.rng.choice(days)
            closed = self.wd(received, self.rng.randint(8, 20))
            row = _pick(self.rng, OUTCOME_WEIGHTS)
            remedies = []
            if row.startswith(("R3.3", "R3.4")) and self.rng.random() < 0.04:
                filed = closed + timedelta(days=self.rng.randint(10, 50))
                remedies.append(
                    (
                        "review",
                        filed,
                        self.rng.choice(["upheld", "upheld", "upheld", "corrected", "other"]),
                    )
                )
                if self.rng.random() < 0.4:
                    remedies.append(
                        (
                            "litigation_after_review",
                            filed + timedelta(days=70),
                            self.rng.choice(["upheld", "pending"]),
                        )
                    )
            elif row.startswith(("R3.3", "R3.4")) and self.rng.random() < 0.01:
                remedies.append(
                    (
                        "litigation_direct",
                        closed + timedelta(days=30),
                        self.rng.choice(["upheld", "pending"]),
                    )
                )
            application_import(
                organ=self.organs[dept],
                record=ImportRecord(
                    ref=f"GDYSQ-{received.year}-{n + 1:05d}",
                    received_on=received,
                    applicant_type=_pick(self.rng, APPLICANT_WEIGHTS),
                    applicant_name=self.name(),
                    description=self.description(dept, received.year),
                    closed_on=closed,
                    outcome=row,
                    remedies=tuple((k, d, r) for k, d, r in remedies if d <= timezone.localdate()),
                ),
            )
        return count

    def import_carried_in(self, year: int, count: int) -> int:
        """Received late the year before, concluded in January (last year's R2)."""
        days = self.working_days(date(year - 1, 12, 10), date(year - 1, 12, 31))
        for n in range(count):
            dept = self.department()
            received = self.rng.choice(days)
            application_import(
                organ=self.organs[dept],
                record=ImportRecord(
                    ref=f"GDYSQ-{year - 1}-C{n + 1:03d}",
                    received_on=received,
                    applicant_type="NP",
                    applicant_name=self.name(),
                    description=self.description(dept, received.year),
                    closed_on=self.wd(date(year, 1, 2), self.rng.randint(2, 12)),
                    outcome=_pick(self.rng, OUTCOME_WEIGHTS),
                    remedies=(),
                ),
            )
        return count

    # --- handled in Gongkai ---

    def register(
        self, dept: str, received: date, *, channel=Channel.IN_PERSON, items: int = 1
    ) -> Application:
        kind = _pick(self.rng, APPLICANT_WEIGHTS)
        submission = s.Submission(
            applicant=self.applicant(kind),
            items=[s.ItemData(self.description(dept, received.year)) for _ in range(items)],
            channel=channel,
            delivery_method=self.rng.choice(["post", "post", "email", "pickup", "online"]),
            preferred_form=self.rng.choice(["paper", "electronic", "electronic", "any"]),
        )
        if submission.delivery_method == "email":
            submission.applicant.email = f"applicant{self.rng.randrange(1000, 9999)}@example.com"
        clerk = self.staff(dept, "handler")
        confirmed = channel in (Channel.ONLINE, Channel.EMAIL, Channel.FAX, Channel.POST_UNSIGNED)
        return s.application_register(
            actor=clerk,
            organ=self.organs[dept],
            submission=submission,
            at=self.at(received, 9),
            received_on=None
            if channel == Channel.IN_PERSON
            else received
            if not confirmed
            else None,
        )

    def accept_and_assign(self, case: Application, dept: str, day: date) -> date:
        clerk = self.staff(dept, "handler")
        s.application_accept(
            actor=clerk,
            case=case,
            received_on=day if case.received_on is None else None,
            at=self.at(day, 11),
        )
        assign_day = self.wd(day, 1)
        s.application_assign(
            actor=self.users["gkb_head"],
            case=case,
            handling_organ=self.organs[dept],
            handler=self.staff(dept, "handler"),
            at=self.at(assign_day, 9),
        )
        return assign_day

    def decision(self, row: str, case: Application) -> s.DecisionData:
        rng = self.rng
        if row == "R3.1":
            if rng.random() < 0.2:
                return s.DecisionData(
                    Decision.ALREADY_PROACTIVE, location="青山区人民政府门户网站“政府信息公开”专栏"
                )
            return s.DecisionData(Decision.DISCLOSE, provided="所申请的政府信息（电子版）")
        if row == "R3.2":
            return s.DecisionData(
                Decision.PARTIAL,
                withhold_reason=WithholdReason.THIRD_PARTY,
                basis="《条例》第十五条",
                reasons="其中涉及个人身份信息和联系方式的内容属于个人隐私。",
                provided="删除个人隐私信息后的文件",
            )
        if row in WITHHOLD:
            reason, basis, text = WITHHOLD[row]
            return s.DecisionData(
                Decision.WITHHOLD, withhold_reason=reason, basis=basis, reasons=text
            )
        if row == "R3.4.1":
            if rng.random() < 0.3:
                return s.DecisionData(
                    Decision.NOT_OUR_DUTY,
                    reasons="该信息由江州市级部门制作并保存。",
                    responsible_organ="江州市自然资源局",
                    responsible_contact="0799-83330000",
                )
            return s.DecisionData(
                Decision.NOT_EXIST, search_scope="本机关文书档案、业务系统及相关科室纸质档案"
            )
        if row == "R3.4.2":
            return s.DecisionData(
                Decision.NEEDS_CREATION, reasons="您要求的统计数据需对多份文件进行汇总分析。"
            )
        if row == "R3.4.3":
            return s.DecisionData(
                Decision.UNCLEAR_AFTER_CORRECTION, reasons="补正后仍未写明所需信息。"
            )
        if row == "R3.5.1":
            return s.DecisionData(
                Decision.PETITION,
                reasons="您的申请实为对拆迁补偿标准的投诉。",
                location="青山区信访局（0799-82100010）",
            )
        if row == "R3.5.2":
            return s.DecisionData(Decision.REPEAT, reasons="本机关已于此前就相同内容作出答复。")
        if row == "R3.5.3":
            return s.DecisionData(
                Decision.PUBLICATION,
                location="《江州年鉴》（新华书店有售）",
                reasons="属于公开出版物。",
            )
        if row == "R3.5.5":
            return s.DecisionData(
                Decision.CONFIRM_OR_REISSUE, reasons="要求本机关对已提供的信息重新盖章确认。"
            )
        return s.DecisionData(Decision.NOT_EXIST, search_scope="本机关档案")

    def decide_and_sign(
        self, case: Application, dept: str, row: str, day: date, *, stop: str | None = None
    ) -> date:
        handler, head, leader = (
            self.staff(dept, "handler"),
            self.staff(dept, "head"),
            self.staff(dept, "leader"),
        )
        if row == "R3.5.4":
            s.art35_ask_reasons(actor=handler, case=case, on=day, at=self.at(day))
            day = self.wd(day, 3)
            s.art35_reasons_received(
                actor=handler,
                case=case,
                on=day,
                reasonable=False,
                explanation="申请人未说明正当理由。",
                at=self.at(day),
            )
        else:
            data = self.decision(row, case)
            for item in case.items.all():
                s.item_decide(actor=handler, item=item, data=data, at=self.at(day))
        if stop == State.ASSIGNED:
            return day
        s.application_submit_for_review(actor=handler, case=case, at=self.at(day, 15))
        if stop == State.REVIEWING:
            return day
        day = self.wd(day, 1)
        case = s.application_approve_review(actor=head, case=case, at=self.at(day))
        if stop in (State.LEGAL_REVIEW, State.SIGNING) and case.state == stop:
            return day
        if case.state == State.LEGAL_REVIEW:
            day = self.wd(day, 1)
            s.application_approve_legal(actor=self.users["legal"], case=case, at=self.at(day))
            if stop == State.SIGNING:
                return day
        day = self.wd(day, 1)
        s.application_sign(actor=leader, case=case, on=day, at=self.at(day, 16))
        return day

    def deliver(self, case: Application, dept: str, day: date) -> date:
        method = case.delivery_method
        proof = f"XA{self.rng.randrange(10**8, 10**9)}CN" if method == "post" else ""
        s.application_deliver(
            actor=self.staff(dept, "handler"),
            case=case,
            method=method,
            delivered_on=day,
            proof=proof,
            at=self.at(day, 16),
        )
        return day

    def handle_closed(self, received: date, row: str | None = None) -> Application:
        """A case handled to its end within Gongkai."""
        dept = self.department()
        row = row or _pick(self.rng, OUTCOME_WEIGHTS)
        channel = self.rng.choices(
            [Channel.IN_PERSON, Channel.ONLINE, Channel.POST_SIGNED, Channel.EMAIL],
            weights=[30, 45, 20, 5],
        )[0]
        case = self.register(dept, received, channel=channel, items=self.rng.choice([1, 1, 1, 2]))
        clerk = self.staff(dept, "handler")
        if row in ("R3.4.3", "R3.6.1"):
            if case.received_on is None:
                s.application_confirm_receipt(
                    actor=clerk, case=case, confirmed_on=received, at=self.at(received, 11)
                )
            notice = self.wd(received, 3)
            s.application_request_correction(
                actor=clerk,
                case=case,
                items="请写明所需信息的名称、文号或所属项目。",
                on=notice,
                at=self.at(notice),
            )
            if row == "R3.6.1":
                lapse = self.wd(Application.objects.get(pk=case.pk).correction_due, 1)
                s.application_correction_lapsed(actor=clerk, case=case, on=lapse, at=self.at(lapse))
                return case
            corrected = self.wd(notice, 4)
            s.application_receive_correction(
                actor=clerk, case=case, corrected_on=corrected, at=self.at(corrected)
            )
            assign = self.wd(corrected, 1)
            s.application_assign(
                actor=self.users["gkb_head"],
                case=case,
                handling_organ=self.organs[dept],
                handler=clerk,
                at=self.at(assign),
            )
            day = self.wd(assign, self.rng.randint(3, 10))
        else:
            day = self.wd(self.accept_and_assign(case, dept, received), self.rng.randint(2, 9))
        if row == "R3.6.3":
            s.application_withdraw(actor=clerk, case=case, on=day, at=self.at(day))
            return case
        if row == "R3.6.2":
            s.fee_notice_send(
                actor=clerk,
                case=case,
                basis="per_page",
                pages=self.rng.randint(150, 400),
                sent_on=day,
                received_on=self.wd(day, 2),
                at=self.at(day),
            )
            lapse = self.wd(self.wd(day, 2), 21)
            s.fee_lapse(actor=clerk, case=case, on=lapse, at=self.at(lapse))
            return case
        if row == "R3.3.4":
            letter = self.wd(day, 1)
            s.consultation_start(
                actor=clerk,
                case=case,
                at=self.at(day),
                parties=[
                    s.PartyData(
                        Consultation.Kind.THIRD_PARTY, self.rng.choice(COMPANIES), day, letter
                    )
                ],
            )
            opinion = self.wd(letter, self.rng.randint(4, 12))
            s.consultation_record_opinion(
                actor=clerk,
                consultation=case.consultations.get(),
                opinion="object",
                received_on=opinion,
                note="第三方认为涉及其商业秘密",
                at=self.at(opinion),
            )
            s.consultation_end(actor=clerk, case=case, at=self.at(opinion, 15))
            day = self.wd(opinion, 2)
        if self.rng.random() < 0.04:
            ext = s.extension_request(
                actor=clerk,
                case=case,
                days=self.rng.choice([10, 15, 20]),
                reason="所需信息涉及多个年度档案，需调取核查",
                on=day,
                at=self.at(day),
            )
            s.extension_decide(
                actor=self.users["gkb_head"],
                extension=ext,
                approve=True,
                on=day,
                at=self.at(day, 14),
            )
            day = self.wd(day, 5)
        signed = self.decide_and_sign(case, dept, row, day)
        delivered = self.deliver(case, dept, self.wd(signed, self.rng.choice([1, 1, 2])))
        if self.rng.random() < 0.8:
            archived = self.wd(delivered, 3)
            if archived <= timezone.localdate():
                s.application_archive(actor=clerk, case=case, at=self.at(archived))
        if row.startswith(("R3.3", "R3.4")) and self.rng.random() < 0.05:
            filed = delivered + timedelta(days=self.rng.randint(15, 45))
            if filed <= timezone.localdate():
                result = (
                    "pending"
                    if filed > timezone.localdate() - timedelta(days=60)
                    else self.rng.choice(["upheld", "upheld", "corrected", "other"])
                )
                s.remedy_record(
                    actor=None,
                    case=case,
                    kind="review",
                    filed_on=filed,
                    result=result,
                    decided_on=filed + timedelta(days=55) if result != "pending" else None,
                )
        return case

    def handle_open(self, received: date, state: str) -> Application:
        """A case left open in ``state`` (the current year's work in progress)."""
        dept = self.rng.choice(["zrzy", "zjj", "fgj", "jyj", "rsj", "gaj"])
        if state == State.REGISTERED:
            return self.register(dept, received, channel=Channel.ONLINE)
        case = self.register(
            dept, received, channel=self.rng.choice([Channel.IN_PERSON, Channel.POST_SIGNED])
        )
        clerk = self.staff(dept, "handler")
        if state == State.CORRECTION:
            s.application_request_correction(
                actor=clerk,
                case=case,
                items="请写明所需文件的名称或文号。",
                on=received,
                at=self.at(received, 14),
            )
            return case
        if state == State.ACCEPTED:
            s.application_accept(actor=clerk, case=case, at=self.at(received, 11))
            return case
        day = self.wd(self.accept_and_assign(case, dept, received), 1)
        if state == State.ASSIGNED:
            return case
        if state == State.CONSULTING:
            s.consultation_start(
                actor=clerk,
                case=case,
                at=self.at(day),
                parties=[
                    s.PartyData(
                        Consultation.Kind.THIRD_PARTY,
                        self.rng.choice(COMPANIES),
                        day,
                        self.wd(day, 1),
                    )
                ],
            )
            return case
        if state == State.FEE_PENDING:
            s.fee_notice_send(
                actor=clerk,
                case=case,
                basis="per_page",
                pages=self.rng.randint(120, 300),
                sent_on=day,
                at=self.at(day),
            )
            return case
        if state == State.ART35_PENDING:
            s.art35_ask_reasons(actor=clerk, case=case, on=day, at=self.at(day))
            return case
        row = self.rng.choice(["R3.1", "R3.4.1", "R3.3.6", "R3.2"])
        if state in (State.REVIEWING, State.LEGAL_REVIEW, State.SIGNING):
            if state == State.LEGAL_REVIEW:
                row = self.rng.choice(["R3.3.6", "R3.2"])
            self.decide_and_sign(case, dept, row, day, stop=state)
            return case
        signed = self.decide_and_sign(case, dept, row, day)
        if state == State.DELIVERED:
            self.deliver(case, dept, signed)
        return case


def _org_code(rng) -> str:
    from gongkai.orgs.identifiers import credit_code_check_char

    body = f"{rng.randrange(0, 10**8):08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    first17 = "91449902" + body + ("X" if check == 10 else "0" if check == 11 else str(check))
    return first17 + credit_code_check_char(first17)


def load() -> list[str]:
    if Application.objects.filter(organ__code__startswith="qingshan").exists():
        return ["依申请公开：演示数据已存在，未做改动。"]
    if not Organ.objects.filter(code="qingshan").exists():
        return ["依申请公开：缺少演示机关，跳过。"]
    factor = scale()
    today = timezone.localdate()
    last_year = today.year - 1
    story = Story()
    with calendar_cache():
        imported = story.import_history(
            date(last_year, 1, 1), GO_LIVE - timedelta(days=1), round(600 * factor)
        )
        # carried in: received late the year before, concluded in January (R2 of last year)
        imported += story.import_carried_in(last_year, round(7 * factor))
        handled = 0
        days = story.working_days(GO_LIVE, today - timedelta(days=45))
        for received in sorted(story.rng.choice(days) for _ in range(round(680 * factor))):
            story.handle_closed(received)
            handled += 1
        # work in progress: recent applications in every open state, some due soon or overdue
        open_states = [
            State.REGISTERED,
            State.CORRECTION,
            State.ACCEPTED,
            State.ASSIGNED,
            State.CONSULTING,
            State.FEE_PENDING,
            State.ART35_PENDING,
            State.REVIEWING,
            State.LEGAL_REVIEW,
            State.SIGNING,
            State.SIGNED,
            State.DELIVERED,
        ]
        recent = story.working_days(today - timedelta(days=40), today)
        for n in range(max(len(open_states), round(40 * factor))):
            state = open_states[n % len(open_states)]
            # the later the state, the more working days its steps take (acceptance,
            # assignment, decision, review, signing, delivery): leave room so that no step
            # lands after today, whatever weekday today is
            room = 3 if state in (State.CORRECTION, State.ACCEPTED) else 12
            received = (
                recent[-1]
                if state == State.REGISTERED
                else story.rng.choice(recent[: max(1, len(recent) - room)])
            )
            story.handle_open(received, state)
            handled += 1
    by_state = dict(
        Application.objects.values_list("state").annotate(n=Count("id")).values_list("state", "n")
    )
    remedies = Remedy.objects.count()
    return [
        f"依申请公开：导入原系统办件 {imported} 件（{GO_LIVE:%Y年%m月}上线前），平台办理 {handled} 件；"
        f"在办 {sum(n for st, n in by_state.items() if st not in ('archived', 'delivered', 'closed'))} 件，"
        f"复议诉讼 {remedies} 件。"
    ]
