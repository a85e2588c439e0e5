"""An application for disclosure (政府信息公开申请), its applicant and its items."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from gongkai.cases.identity import IdType
from gongkai.cases.outcomes import Decision, Termination, WithholdReason
from gongkai.cases.workflow import State
from gongkai.core.models import TimeStampedModel


class Channel(models.TextChoices):
    """How it arrived — decides the receipt date (条例 第三十一条)."""

    IN_PERSON = "in_person", "当面提交"
    ORAL = "oral", "口头提出（代为填写）"
    POST_SIGNED = "post_signed", "邮寄（需签收）"
    POST_UNSIGNED = "post_unsigned", "平常信函"
    ONLINE = "online", "网上申请"
    EMAIL = "email", "电子邮件"
    FAX = "fax", "传真"
    OTHER = "other", "其他（原系统导入）"


# Channels whose receipt date is the day both sides confirm (第三十一条第二、三项).
CONFIRMED_CHANNELS = frozenset({Channel.POST_UNSIGNED, Channel.ONLINE, Channel.EMAIL, Channel.FAX})


class ApplicantType(models.TextChoices):
    """The columns of table 三 (申请人情况)."""

    NP = "NP", "自然人"
    COM = "COM", "商业企业"
    RES = "RES", "科研机构"
    NGO = "NGO", "社会公益组织"
    LAW = "LAW", "法律服务机构"
    OTH = "OTH", "其他"


class PreferredForm(models.TextChoices):
    PAPER = "paper", "纸质文本"
    ELECTRONIC = "electronic", "电子数据"
    VIEW = "view", "当场阅读、抄录"
    ANY = "any", "无特定要求"


class Delivery(models.TextChoices):
    POST = "post", "邮寄（中国邮政）"
    PICKUP = "pickup", "当面领取"
    EMAIL = "email", "电子邮件"
    ONLINE = "online", "网上查看下载"
    FAX = "fax", "传真"


class Application(TimeStampedModel):
    public_id = models.UUIDField("公开编号", default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField("案件编号", max_length=40)
    tracking_code = models.CharField("查询码", max_length=16, unique=True)
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="答复机关", on_delete=models.PROTECT, related_name="applications"
    )
    handling_organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name="承办机关",
        on_delete=models.PROTECT,
        related_name="handled_applications",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_applications",
    )
    assisting_organs = models.ManyToManyField(
        "orgs.Organ", verbose_name="协办机关", blank=True, related_name="assisted_applications"
    )
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.REGISTERED)
    version = models.PositiveIntegerField("版本", default=1)

    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField("提交时间")
    received_on = models.DateField(
        "收到申请日期", null=True, blank=True, help_text="条例第三十一条确定的日期"
    )
    receipt_note = models.CharField("收件说明", max_length=300, blank=True)
    applicant_type = models.CharField("申请人类型", max_length=3, choices=ApplicantType.choices)
    applicant_key = models.CharField("申请人标识", max_length=64, blank=True, db_index=True)
    preferred_form = models.CharField(
        "获取形式", max_length=12, choices=PreferredForm.choices, default=PreferredForm.ANY
    )
    delivery_method = models.CharField(
        "送达方式", max_length=12, choices=Delivery.choices, default=Delivery.POST
    )
    summary = models.CharField("申请内容摘要", max_length=200)

    correction_requested_on = models.DateField("补正告知日期", null=True, blank=True)
    correction_items = models.TextField("补正事项", blank=True)
    correction_due = models.DateField("补正期限", null=True, blank=True)
    corrected_on = models.DateField("收到补正日期", null=True, blank=True)

    art35_asked_on = models.DateField("要求说明理由日期", null=True, blank=True)
    art35_reasons_on = models.DateField("收到理由日期", null=True, blank=True)
    art35_days = models.PositiveSmallIntegerField(
        "第三十五条确定的答复期限（工作日）", null=True, blank=True
    )

    extension_days = models.PositiveSmallIntegerField("已延长工作日", default=0)
    delivered_on = models.DateField(
        "送达日期", null=True, blank=True, help_text="交邮之日、签收之日或电子送达之日"
    )
    delivery_proof = models.CharField("送达凭证", max_length=200, blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    outcome_row = models.CharField("年报统计行", max_length=8, blank=True)
    termination = models.CharField(
        "终止原因", max_length=20, choices=Termination.choices, blank=True
    )

    reply_deadline = models.OneToOneField(
        "calendars.TrackedDeadline",
        verbose_name="答复期限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    correction_deadline = models.OneToOneField(
        "calendars.TrackedDeadline",
        verbose_name="补正告知期限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    possible_repeat_of = models.ForeignKey(
        "self",
        verbose_name="疑似重复申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_imported = models.BooleanField("从原系统导入", default=False)
    import_ref = models.CharField("原系统编号", max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organ", "number"], name="application_number_unique"),
            models.UniqueConstraint(
                fields=["organ", "import_ref"],
                condition=~models.Q(import_ref=""),
                name="application_import_ref_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["organ", "state"]),
            models.Index(fields=["handling_organ", "state"]),
            models.Index(fields=["handler", "state"]),
            models.Index(fields=["organ", "received_on"]),
            models.Index(fields=["organ", "closed_on"]),
            models.Index(fields=["applicant_key", "received_on"]),
            models.Index(fields=["state"]),
            models.Index(fields=["-closed_on", "-id"], name="application_closed_desc"),
        ]
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        from gongkai.cases.workflow import OPEN_STATES

        return self.state in OPEN_STATES


class Applicant(models.Model):
    """The applicant's personal data, encrypted at rest (``*_enc``) with masked copies for lists
    and keyed hashes (``*_index``) for matching. Read only through ``cases.selectors``."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="applicant"
    )
    name_enc = models.TextField("姓名/名称（加密）")
    name_masked = models.CharField("姓名/名称（脱敏）", max_length=100)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices, blank=True)
    id_number_enc = models.TextField("证件号码（加密）", blank=True)
    id_number_masked = models.CharField("证件号码（脱敏）", max_length=40, blank=True)
    organisation_name = models.CharField("法人或其他组织名称", max_length=200, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    legal_representative_enc = models.TextField("法定代表人（加密）", blank=True)
    contact_person_enc = models.TextField("联系人（加密）", blank=True)
    phone_enc = models.TextField("联系电话（加密）", blank=True)
    phone_masked = models.CharField("联系电话（脱敏）", max_length=30, blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True)
    email_enc = models.TextField("电子邮箱（加密）", blank=True)
    address_enc = models.TextField("通信地址（加密）", blank=True)
    postcode = models.CharField("邮政编码", max_length=6, blank=True)

    class Meta:
        verbose_name = "申请人信息"
        verbose_name_plural = "申请人信息"

    def __str__(self) -> str:
        return self.name_masked


class Item(models.Model):
    """One piece of information asked for, and the decision on it."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("序号")
    description = models.TextField("所需信息的名称、文号或其他特征描述")
    doc_number = models.CharField("文号", max_length=100, blank=True)
    decision = models.CharField("答复类型", max_length=30, choices=Decision.choices, blank=True)
    withhold_reason = models.CharField(
        "不予公开理由类别", max_length=20, choices=WithholdReason.choices, blank=True
    )
    basis = models.CharField("法律依据", max_length=300, blank=True)
    reasons = models.TextField("理由", blank=True)
    location = models.CharField("获取途径（已主动公开的载体、网址）", max_length=300, blank=True)
    responsible_organ = models.CharField("负责公开的机关", max_length=200, blank=True)
    responsible_contact = models.CharField("该机关联系方式", max_length=200, blank=True)
    search_scope = models.TextField("检索范围（信息不存在时）", blank=True)
    provided = models.TextField("提供的信息及形式", blank=True)
    pages = models.PositiveIntegerField("页数", null=True, blank=True)
    row = models.CharField("年报统计行", max_length=8, blank=True)

    class Meta:
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="item_position_unique")
        ]
        verbose_name = "申请事项"
        verbose_name_plural = "申请事项"

    def __str__(self) -> str:
        return f"{self.application.number}#{self.position}"


class CaseCounter(models.Model):
    """Per-organ, per-year serial for case numbers (locked while incremented)."""

    organ = models.ForeignKey("orgs.Organ", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, default="case")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organ", "year", "kind"], name="case_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organ_id}/{self.year}/{self.kind}: {self.last}"
