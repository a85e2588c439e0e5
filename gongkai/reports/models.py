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


class LibraryReport(TimeStampedModel):
    """A published annual report read back by the parser (年报库): the figures as parsed, with
    their evidence and the parser's warnings. One per organ and year — or, for an organ that is
    not in Gongkai, per normalised agency name and year; importing the same report again updates
    it in place. Reports Gongkai itself published are not copied here: the library reads them
    from :class:`AnnualReport` (``reports.library.selectors``)."""

    organ = models.ForeignKey(
        "orgs.Organ",
        verbose_name="机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="library_reports",
        help_text="与平台中的机关匹配时填写；平台外机关的报告只保留发布机关名称",
    )
    agency = models.CharField("发布机关（解析所得）", max_length=200)
    agency_key = models.CharField(
        "机关名称规范化键", max_length=200, help_text="去除空白、标点并统一后缀后的名称，用于去重"
    )
    year = models.PositiveSmallIntegerField("统计年度")
    format = models.CharField("格式", max_length=8, blank=True)
    script = models.CharField("文字", max_length=12, blank=True)
    source_name = models.CharField("来源文件", max_length=300)
    source_sha256 = models.CharField("来源文件摘要", max_length=64)
    statistics = models.JSONField("统计数据（未知为空）")
    summary = models.JSONField("摘要数字", default=dict, blank=True)
    evidence = models.JSONField("摘要数字的原文依据", default=dict, blank=True)
    warnings = models.JSONField("解析提示", default=list, blank=True)
    # Written with the figures by ``library_import`` (its only writer), so that lists and outlier
    # rules need not load every report's statistics.
    applications_new = models.PositiveIntegerField("本年新收申请", null=True, blank=True)
    check_errors = models.PositiveSmallIntegerField("未通过的校验", default=0)
    empty_tables = models.CharField(
        "只有标题没有数字的表格", max_length=8, blank=True, help_text="如“二三四”"
    )
    imported_at = models.DateTimeField("导入时间")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-year", "agency_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "year"],
                condition=models.Q(organ__isnull=False),
                name="library_report_organ_year_unique",
            ),
            models.UniqueConstraint(
                fields=["agency_key", "year"],
                condition=models.Q(organ__isnull=True),
                name="library_report_agency_year_unique",
            ),
        ]
        indexes = [models.Index(fields=["year"], name="library_report_year")]
        verbose_name = "年报库报告"
        verbose_name_plural = "年报库报告"

    def __str__(self) -> str:
        return f"{self.agency} {self.year}年度报告（解析）"
