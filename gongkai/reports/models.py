"""Annual reports (政府信息公开工作年度报告): the organ's narrative and, once published, the frozen
statistics. A published report never changes; a correction is a new version that supersedes it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.core.models import TimeStampedModel


class AnnualReport(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        REVIEW = "review", "待审核"
        APPROVED = "approved", "已审定"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被更正版本取代"

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("统计年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    format = models.CharField("格式", max_length=8)
    state = models.CharField("状态", max_length=12, choices=State.choices, default=State.DRAFT)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    proactive_manual = models.JSONField(
        "人工填报的主动公开数据",
        default=dict,
        blank=True,
        help_text="系统无法计算的格子（如2019年格式的项目数量），键为 proactive.行.列",
    )
    statistics = models.JSONField("统计数据（发布时冻结）", null=True, blank=True)
    checks = models.JSONField("校验结果（发布时冻结）", default=list, blank=True)
    due_on = models.DateField("法定公布期限")
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="更正的版本",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_note = models.TextField("更正说明", blank=True)

    class Meta:
        ordering = ["-year", "organ__path", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year", "version"], name="annual_report_version_unique"
            )
        ]
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"

    def __str__(self) -> str:
        return f"{self.organ.short_name} {self.year}年度报告 v{self.version}"


class ReportEvent(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    label = models.CharField(max_length=100)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["report", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.label}"
