"""Public consultation (征求意见) on a draft: comments from the public, moderated before they are
shown, each answered with an adoption decision; the feedback summary is published at the end."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class Consultation(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        PUBLISHED = "published", "已发布"
        CONCLUDED = "concluded", "已公布反馈"

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="机关", on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField("标题", max_length=300)
    description = models.TextField("征求意见稿及说明")
    document = models.ForeignKey(
        "publications.Document",
        verbose_name="相关文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    secrecy_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="保密审查人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    secrecy_cleared_at = models.DateTimeField("保密审查时间", null=True, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    feedback_summary = models.TextField("意见采纳情况说明", blank=True)
    feedback_published_at = models.DateTimeField("反馈公布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        indexes = [models.Index(fields=["status", "-opens_on"], name="consultation_public")]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.status == self.Status.PUBLISHED and self.opens_on <= day <= self.closes_on

    def get_absolute_url(self) -> str:
        return reverse("publications:consultation", args=[self.pk])


class Comment(models.Model):
    """One comment from the public. Shown only after moderation; the commenter's address is kept
    only as a salted hash (for rate limiting and abuse handling), never in clear."""

    class Moderation(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "未通过"

    class Decision(models.TextChoices):
        NONE = "", _("未答复")
        ADOPTED = "adopted", _("采纳")
        PARTLY = "partly", _("部分采纳")
        NOT_ADOPTED = "not_adopted", _("不采纳")

    consultation = models.ForeignKey(
        Consultation, verbose_name="征求意见", on_delete=models.CASCADE, related_name="comments"
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    author_name = models.CharField("署名", max_length=50, blank=True)
    body = models.TextField("意见内容")
    client_hash = models.CharField("来源摘要", max_length=64, blank=True, db_index=True)
    moderation = models.CharField(
        "审核", max_length=16, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderation_note = models.CharField("审核说明", max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision = models.CharField(
        "采纳情况", max_length=16, choices=Decision.choices, blank=True, default=""
    )
    decision_reason = models.TextField("理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        ordering = ["consultation", "submitted_at", "id"]
        verbose_name = "意见"
        verbose_name_plural = "意见"
        indexes = [models.Index(fields=["consultation", "moderation"], name="comment_moderation")]

    def __str__(self) -> str:
        return f"{self.consultation_id} #{self.pk}"
