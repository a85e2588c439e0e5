"""Configuration of proactive disclosure per organ: the 主题分类 tree, 专题专栏, the 索引号 pattern,
the review chain and the 三同步 switch. Edited in the admin; saves go through
``publications.services.config`` where rules apply."""

from __future__ import annotations

from django.db import models

from gongkai.core.models import TimeStampedModel
from gongkai.orgs.roles import Role

DEFAULT_INDEX_PATTERN = "{credit_code}/{year}-{seq:05d}"


class Category(TimeStampedModel):
    """主题分类 — a node of the configurable subject tree (e.g. ``综合政务\\政务公开``).

    ``path`` is the materialised path of codes (``/01/0101/``) so a subtree is a prefix query."""

    code = models.CharField("分类代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("树路径", max_length=255, db_index=True, editable=False, default="")
    label = models.CharField("完整名称", max_length=300, editable=False, default="")
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["path", "sort_order"]
        verbose_name = "主题分类"
        verbose_name_plural = "主题分类"

    def __str__(self) -> str:
        return self.label or self.name


class TopicColumn(TimeStampedModel):
    """专题专栏 — a themed column of the catalogue (e.g. 优化营商环境, 乡村振兴)."""

    code = models.SlugField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    description = models.TextField("说明", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = "专题专栏"
        verbose_name_plural = "专题专栏"

    def __str__(self) -> str:
        return self.name


class PublicationSettings(TimeStampedModel):
    """One organ's publication rules. An organ without a row uses the defaults."""

    organ = models.OneToOneField(
        "orgs.Organ",
        verbose_name="机关",
        on_delete=models.CASCADE,
        related_name="publication_settings",
    )
    index_pattern = models.CharField(
        "索引号格式",
        max_length=120,
        default=DEFAULT_INDEX_PATTERN,
        help_text=(
            "可用占位符：{credit_code}（统一社会信用代码，无则用机关代码）、{organ_code}、"
            "{division_code}、{year}、{month:02d}、{category}（主题分类代码）、{seq:05d}（流水号）。"
            "须含 {year} 与 {seq}，以及 {credit_code} 或 {organ_code}。"
        ),
    )
    require_interpretation = models.BooleanField(
        "规章、行政规范性文件须同步解读（三同步）",
        default=True,
        help_text="开启后，规章和行政规范性文件在其政策解读审核通过之前不能发布。",
    )
    evaluation_months = models.PositiveSmallIntegerField(
        "有效性评估周期（月）",
        default=12,
        help_text="发布后及每次评估后，经过该月数提醒重新评估文件有效性。",
    )

    class Meta:
        verbose_name = "主动公开设置"
        verbose_name_plural = "主动公开设置"

    def __str__(self) -> str:
        return f"{self.organ} 主动公开设置"


class ReviewStep(TimeStampedModel):
    """One step of an organ's review chain (e.g. 初审 → 复审 → 终审). The reviewer needs
    DOCUMENT_REVIEW in the organ and, if ``role`` is set, that role there."""

    settings = models.ForeignKey(
        PublicationSettings,
        verbose_name="主动公开设置",
        on_delete=models.CASCADE,
        related_name="steps",
    )
    position = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("名称", max_length=40)
    role = models.CharField(
        "须由该角色审核",
        max_length=20,
        blank=True,
        choices=[(r.value, r.label) for r in (Role.SECTION_HEAD, Role.LEADER, Role.OGI_HEAD)],
    )

    class Meta:
        ordering = ["settings", "position"]
        constraints = [
            models.UniqueConstraint(fields=["settings", "position"], name="review_step_position")
        ]
        verbose_name = "审核环节"
        verbose_name_plural = "审核环节"

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"


class IndexCounter(models.Model):
    """Serial numbers of 索引号 per organ and year. Only ever incremented (under
    ``select_for_update``), so a number is never issued twice, even after a withdrawal."""

    organ = models.ForeignKey("orgs.Organ", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organ", "year"], name="index_counter_unique")
        ]
        verbose_name = "索引号计数器"
        verbose_name_plural = "索引号计数器"

    def __str__(self) -> str:
        return f"{self.organ_id}/{self.year}: {self.last}"
