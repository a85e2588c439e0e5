"""Working-day calendar as data, and the deadline ledger of open matters.

The calendar (法定节假日 and 调休上班日 per year and jurisdiction) is seeded from chinesecalendar's
tables for 2004–2026 and edited by administrators; each year carries a confirmation flag. Open
matters keep their deadlines as :class:`TrackedDeadline` rows so that a calendar change can
recompute every affected date and record why it moved.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai.core.models import TimeStampedModel


class Jurisdiction(TimeStampedModel):
    """A calendar area: the nation, or a local area adding its own holidays (e.g. 民族自治地方,
    《全国年节及纪念日放假办法》第四条). A local area inherits every day of its parent."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    own_yearly_schedule = models.BooleanField(
        "每年单独公布放假安排",
        default=False,
        help_text="勾选后，该地区某年的日历需本地确认后才视为已确认（如按农历确定的民族节日）。",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "日历地区"
        verbose_name_plural = "日历地区"

    def __str__(self) -> str:
        return self.name

    def chain(self) -> list[Jurisdiction]:
        """This jurisdiction and its ancestors, nearest first."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class CalendarYear(TimeStampedModel):
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="地区", on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField("年份")
    confirmed = models.BooleanField("已确认", default=False)
    source = models.CharField(
        "依据", max_length=300, blank=True, help_text="如：国务院办公厅关于某年部分节假日安排的通知"
    )

    class Meta:
        ordering = ["jurisdiction", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="calendar_year_unique")
        ]
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.year}年"


class CalendarDay(TimeStampedModel):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "法定节假日（休）"
        WORKDAY = "workday", "调休上班日（班）"

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="地区", on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=16, choices=Kind.choices)
    name = models.CharField("名称", max_length=100, help_text="节日名称，如“春节”")

    class Meta:
        ordering = ["jurisdiction", "date"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "date"], name="calendar_day_unique")
        ]
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}"


class CalendarChange(models.Model):
    """One edit of the calendar; deadlines it moved point back to it."""

    created_at = models.DateTimeField("时间", auto_now_add=True)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name="地区", on_delete=models.PROTECT)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    summary = models.CharField("说明", max_length=300)
    first_date = models.DateField("影响起始日")
    last_date = models.DateField("影响截止日")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "日历变更"
        verbose_name_plural = "日历变更"

    def __str__(self) -> str:
        return self.summary


class TrackedDeadline(TimeStampedModel):
    """A deadline of an open matter (an application, a consultation, a document to publish…),
    stored with everything needed to recompute it: the rule, the start, the working days, the
    pauses. ``due``/``confirmed``/``explanation`` are the engine's last answer."""

    rule = models.CharField("规则", max_length=32)
    label = models.CharField("事项", max_length=200, blank=True)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name="日历地区", on_delete=models.PROTECT
    )
    start = models.DateField("起算日")
    trigger = models.CharField("起算事由", max_length=100, blank=True)
    working_days = models.PositiveSmallIntegerField("工作日数")
    pauses = models.JSONField("暂停期间", default=list, blank=True)
    due = models.DateField("届满日", db_index=True)
    internal_due = models.DateField("内部期限")
    confirmed = models.BooleanField("日历已确认", default=True)
    explanation = models.JSONField("计算说明", default=list)
    is_open = models.BooleanField("进行中", default=True, db_index=True)
    subject_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, verbose_name="事项类型"
    )
    subject_id = models.CharField("事项ID", max_length=64, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")

    class Meta:
        ordering = ["due", "id"]
        indexes = [
            models.Index(fields=["is_open", "start", "due"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        verbose_name = "期限"
        verbose_name_plural = "期限"

    def __str__(self) -> str:
        return f"{self.label or self.rule} → {self.due.isoformat()}"


class DeadlineChange(models.Model):
    created_at = models.DateTimeField("时间", auto_now_add=True)
    deadline = models.ForeignKey(
        TrackedDeadline, verbose_name="期限", on_delete=models.CASCADE, related_name="changes"
    )
    old_due = models.DateField("原届满日")
    new_due = models.DateField("新届满日")
    old_confirmed = models.BooleanField("原日历已确认")
    new_confirmed = models.BooleanField("新日历已确认")
    reason = models.CharField("原因", max_length=300)
    calendar_change = models.ForeignKey(
        CalendarChange,
        verbose_name="日历变更",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadline_changes",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "期限变动"
        verbose_name_plural = "期限变动"

    def __str__(self) -> str:
        return f"{self.old_due} → {self.new_due}: {self.reason}"
