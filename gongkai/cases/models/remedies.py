from __future__ import annotations

from django.db import models

from gongkai.core.models import TimeStampedModel


class Remedy(TimeStampedModel):
    """A 行政复议 or 行政诉讼 against a case's decision — the data of table 四."""

    class Kind(models.TextChoices):
        REVIEW = "review", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER_REVIEW = "litigation_after_review", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        PENDING = "pending", "尚未审结"
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"

    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, related_name="remedies"
    )
    kind = models.CharField("类型", max_length=24, choices=Kind.choices)
    filed_on = models.DateField("申请/起诉日期", db_index=True)
    body = models.CharField("复议机关/人民法院", max_length=200, blank=True)
    reference = models.CharField("案号", max_length=100, blank=True)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        ordering = ["application", "filed_on", "id"]
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference or self.filed_on}"
