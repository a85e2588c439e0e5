"""The steps of handling: consultations, extensions, fees, events, attachments, reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.cases.fees import FeeBasis


class Consultation(models.Model):
    """征求意见: a third party (第三十二条) or a co-making organ (第三十四条). The reply clock is
    paused from the letter's dispatch to the opinion (at the latest the party's 15-working-day
    limit)."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", "第三方"
        CO_MAKER = "co_maker", "共同制作机关"

    class Opinion(models.TextChoices):
        PENDING = "pending", "尚未答复"
        AGREE = "agree", "同意公开"
        OBJECT = "object", "不同意公开"
        NO_REPLY = "no_reply", "逾期未答复"

    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    party = models.CharField("被征求意见方", max_length=200)
    party_address = models.CharField("地址", max_length=300, blank=True)
    sent_on = models.DateField("发出日期")
    letter_received_on = models.DateField("对方收到日期")
    due = models.DateField("答复期限")
    opinion = models.CharField(
        "意见", max_length=10, choices=Opinion.choices, default=Opinion.PENDING
    )
    opinion_received_on = models.DateField("收到意见日期", null=True, blank=True)
    note = models.TextField("意见内容摘要", blank=True)

    class Meta:
        ordering = ["application", "sent_on", "id"]
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.party}"


class Extension(models.Model):
    """延期答复 (第三十三条第二款): requested by the handler, approved by the OGI office head
    before the current due date; at most 20 working days in total."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "待批准"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField("延长工作日数")
    reason = models.TextField("延期理由")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("申请日期")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField("批准日期", null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = "延期答复"
        verbose_name_plural = "延期答复"

    def __str__(self) -> str:
        return f"{self.application} +{self.days}"


class FeeNotice(models.Model):
    """收费通知 (国办函〔2020〕109号): basis, standard, amount, payment method; paid within 20
    working days of receipt, or the application is no longer processed (R3.6.2)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待缴费"
        PAID = "paid", "已缴费"
        LAPSED = "lapsed", "逾期未缴"

    application = models.OneToOneField(
        "cases.Application", on_delete=models.CASCADE, related_name="fee"
    )
    basis = models.CharField("计收方式", max_length=10, choices=FeeBasis.choices)
    units = models.PositiveIntegerField("件数/页数")
    first_unit = models.PositiveIntegerField("当月起始件序", default=1)
    amount = models.PositiveIntegerField("金额（元）")
    explanation = models.JSONField("计算说明", default=list)
    sent_on = models.DateField("通知发出日期")
    received_on = models.DateField("申请人收到日期")
    payment_deadline = models.OneToOneField(
        "calendars.TrackedDeadline",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    receipt_number = models.CharField("非税收入票据号", max_length=60, blank=True)

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"

    def __str__(self) -> str:
        return f"{self.application} {self.amount}元"


class CaseEvent(models.Model):
    """The case timeline: every transition and step, written explicitly by the service."""

    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField("操作", max_length=40)
    label = models.CharField("说明", max_length=100)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    note = models.TextField("备注", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        indexes = [models.Index(fields=["application", "created_at"])]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self) -> str:
        return f"{self.application} {self.label}"


class CaseAttachment(models.Model):
    class Kind(models.TextChoices):
        IDENTITY = "identity", "身份证明"
        APPLICATION_FORM = "form", "申请表/申请书"
        SUPPORTING = "supporting", "其他材料"
        RELEASED = "released", "公开的政府信息"

    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField("类型", max_length=12, choices=Kind.choices)
    file = models.CharField("存储路径", max_length=300)
    original_name_enc = models.TextField("原文件名（加密）")
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"


class ReminderLog(models.Model):
    application = models.ForeignKey("cases.Application", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    sent_on = models.DateField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "sent_on", "recipient"], name="reminder_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.sent_on}"
