"""Administrative decision records (行政许可, 行政处罚, 行政强制) and fee receipts (行政事业性收费)
— the figures of table 二 第二十条第（五）（六）（八）项. Imported in batches from CSV/XLSX."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class DecisionKind(models.TextChoices):
    LICENSING = "licensing", "行政许可"
    PUNISHMENT = "punishment", "行政处罚"
    ENFORCEMENT = "enforcement", "行政强制"
    FEE = "fee", "行政事业性收费"


class DecisionImport(models.Model):
    """One accepted import file (all rows or none)."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("导入时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField("文件名", max_length=200)
    rows = models.PositiveIntegerField("行数", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "行政决定导入批次"
        verbose_name_plural = "行政决定导入批次"

    def __str__(self) -> str:
        return f"{self.filename}（{self.rows} 行）"


class DecisionRecord(models.Model):
    """One decision (or one fee receipt). ``reference`` (决定文书号/收费票据号) identifies it within
    the organ and kind, so importing the same file again updates in place."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="机关", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=16, choices=DecisionKind.choices)
    reference = models.CharField("文书号", max_length=100)
    matter = models.CharField("事项名称", max_length=300)
    decided_on = models.DateField("决定日期")
    amount = models.DecimalField(
        "金额（元）", max_digits=16, decimal_places=2, null=True, blank=True
    )
    batch = models.ForeignKey(
        DecisionImport,
        verbose_name="导入批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "行政决定记录"
        verbose_name_plural = "行政决定记录"
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "kind", "reference"], name="decision_reference_unique"
            )
        ]
        indexes = [
            # table 二: counts (and fee sums) per kind and year for a set of organs, read from
            # the index alone.
            models.Index(fields=["kind", "decided_on", "organ", "amount"], name="decision_year"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"
