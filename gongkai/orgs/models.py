"""Administrative organs (行政机关) in a tree, their OGI offices, staff and roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from gongkai.core.models import TimeStampedModel
from gongkai.orgs.identifiers import credit_code_problem
from gongkai.orgs.roles import Role, Scope


def validate_credit_code(value: str) -> None:
    problem = credit_code_problem(value)
    if problem:
        raise ValidationError(problem, code="credit_code")


organ_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,39}$", "机关代码只能包含小写字母、数字和连字符（2–40位）"
)


class Organ(TimeStampedModel):
    """An administrative organ. ``path`` is a materialised path of ids (``/1/5/``) so that a
    subtree is one indexed prefix query."""

    class Level(models.TextChoices):
        GOVERNMENT = "government", "人民政府"
        DEPARTMENT = "department", "政府部门"
        TOWNSHIP = "township", "乡镇（街道）"

    code = models.CharField(
        "机关代码", max_length=40, unique=True, validators=[organ_code_validator]
    )
    name = models.CharField("全称", max_length=200)
    short_name = models.CharField("简称", max_length=60)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField("树路径", max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField("层级深度", default=0, editable=False)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    division_code = models.CharField("行政区划代码", max_length=12, blank=True)
    jurisdiction = models.ForeignKey(
        "calendars.Jurisdiction", verbose_name="日历地区", on_delete=models.PROTECT
    )
    sort_order = models.PositiveIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    # 政府信息公开工作机构 (条例 第十二条: 指南 must give its name, address, hours, phone, fax, internet contact)
    office_name = models.CharField("政府信息公开工作机构", max_length=200, blank=True)
    office_address = models.CharField("办公地址", max_length=300, blank=True)
    office_postcode = models.CharField("邮政编码", max_length=6, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    office_phone = models.CharField("联系电话", max_length=100, blank=True)
    office_fax = models.CharField("传真", max_length=100, blank=True)
    office_email = models.EmailField("电子邮箱", blank=True)
    office_website = models.URLField("网站", blank=True)

    # 救济途径 (letters' remedy clause; 行政复议法 第二十四、二十五、二十七条)
    review_body = models.CharField(
        "行政复议机关",
        max_length=200,
        blank=True,
        help_text="留空时：政府部门为本级人民政府；乡镇和区县政府为上一级人民政府。垂直管理机关须填写上一级主管部门。",
    )
    court = models.CharField(
        "管辖法院", max_length=200, blank=True, help_text="留空时写“有管辖权的人民法院”"
    )

    # 年度报告汇总 (seed 003: a sub-organ whose figures a city bureau reports is not counted again)
    excluded_from_rollup = models.BooleanField(
        "不计入上级政府年度报告汇总",
        default=False,
        help_text="如该机关数据归口上级主管部门统计，勾选后区政府年报不再重复统计。",
    )
    rollup_note = models.CharField(
        "汇总说明", max_length=300, blank=True, help_text="例如：数据归口江州市规划和自然资源局统计"
    )

    class Meta:
        ordering = ["path", "sort_order"]
        verbose_name = "机关"
        verbose_name_plural = "机关"

    def __str__(self) -> str:
        return self.name

    def review_body_name(self) -> str:
        """Who decides an administrative review of this organ's acts (行政复议法 第二十四条、
        第二十五条): a local department → 本级人民政府; a township or lower government → the
        next-higher government. Vertical organs (海关、税务…) must set ``review_body``."""
        if self.review_body:
            return self.review_body
        parent = self.parent
        if parent is not None:
            return (
                parent.name if parent.level == self.Level.GOVERNMENT else parent.review_body_name()
            )
        return "上一级人民政府"

    def court_name(self) -> str:
        return self.court or "有管辖权的人民法院"

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p][:-1]


class User(AbstractUser):
    """A staff account (工作人员). Citizens do not log in; they track with a code (portal)."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    title = models.CharField("职务", max_length=100, blank=True)
    phone = models.CharField("办公电话", max_length=50, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = "工作人员"
        verbose_name_plural = "工作人员"

    def __str__(self) -> str:
        return self.display_name or self.username


class Membership(TimeStampedModel):
    """A role held in an organ — the unit of every permission."""

    user = models.ForeignKey(
        User, verbose_name="人员", on_delete=models.CASCADE, related_name="memberships"
    )
    organ = models.ForeignKey(
        Organ, verbose_name="机关", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    scope = models.CharField("范围", max_length=10, choices=Scope.choices, default=Scope.ORGAN)

    class Meta:
        ordering = ["organ__path", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organ", "role"], name="membership_unique")
        ]
        verbose_name = "角色分配"
        verbose_name_plural = "角色分配"

    def __str__(self) -> str:
        return f"{self.user} · {self.organ.short_name} · {self.get_role_display()}"
