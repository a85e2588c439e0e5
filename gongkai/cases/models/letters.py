"""Letters (告知书、答复书) and their editable, versioned templates (spec §4)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class LetterKind(models.TextChoices):
    RECEIPT = "receipt", "政府信息公开申请接收回执"
    CORRECTION = "correction", "补正申请告知书"
    EXTENSION = "extension", "延期答复告知书"
    ART35_REASONS = "art35_reasons", "说明理由告知书"
    ART35_DEADLINE = "art35_deadline", "延迟答复告知书"
    CONSULT_THIRD_PARTY = "consult_third_party", "第三方意见征询书"
    CONSULT_CO_MAKER = "consult_co_maker", "共同制作机关意见征询书"
    THIRD_PARTY_DISCLOSURE = "third_party_disclosure", "公开决定告知书（第三方）"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "政府信息公开申请答复书"
    TERMINATION = "termination", "终止办理告知书"


class LetterTemplate(models.Model):
    """A template body (Django template language, rendered with plain data only). Editing
    creates a new version; a letter keeps the version it used. ``organ`` empty = the default."""

    kind = models.CharField("文书类型", max_length=30, choices=LetterKind.choices)
    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="机关", null=True, blank=True, on_delete=models.CASCADE
    )
    version = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文模板")
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "organ", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "organ", "version"], name="letter_template_version_unique"
            )
        ]
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class Letter(models.Model):
    """An issued letter. Its rendered HTML is frozen at issue and encrypted (it names the
    applicant); DOCX and PDF are produced from it on download."""

    application = models.ForeignKey(
        "cases.Application", on_delete=models.CASCADE, related_name="letters"
    )
    kind = models.CharField("文书类型", max_length=30, choices=LetterKind.choices)
    template = models.ForeignKey(LetterTemplate, verbose_name="模板版本", on_delete=models.PROTECT)
    number = models.CharField("文号", max_length=60)
    title = models.CharField("标题", max_length=100)
    issued_on = models.DateField("日期")
    html_enc = models.TextField("正文（加密）")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = "文书"
        verbose_name_plural = "文书"

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
