"""Documents of the 政府信息公开目录 (条例 第十二条, 第十九条至第二十六条) with their catalogue
metadata (spec §5), attachments, timeline and validity history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import TimeStampedModel


class Kind(models.TextChoices):
    """What the document is, in the import contract's words."""

    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    NOTICE = "notice", _("通知公告")
    REPORT = "report", _("报告")
    OTHER = "other", _("其他")


class PolicyClass(models.TextChoices):
    """Legal form, for 三同步 and table 二 第二十条第（一）项 (规章 / 行政规范性文件)."""

    NONE = "", "—"
    REGULATION = "regulation", "规章"
    NORMATIVE = "normative", "行政规范性文件"
    OTHER_POLICY = "other_policy", "其他政策文件"


# 第二十条第（一）项 of table 二: the legal forms the annual report counts.
REPORTED_CLASSES = ["regulation", "normative"]


class Genre(models.TextChoices):
    """体裁 (公文种类, 《党政机关公文处理工作条例》 plus common catalogue genres)."""

    DECREE = "decree", _("命令（令）")
    DECISION = "decision", _("决定")
    ANNOUNCEMENT = "announcement", _("公告")
    PUBLIC_NOTICE = "public_notice", _("通告")
    OPINION = "opinion", _("意见")
    NOTICE = "notice", _("通知")
    BULLETIN = "bulletin", _("通报")
    REPORT = "report", _("报告")
    REPLY = "reply", _("批复")
    LETTER = "letter", _("函")
    MINUTES = "minutes", _("纪要")
    MEASURES = "measures", _("办法")
    PROVISIONS = "provisions", _("规定")
    PLAN = "plan", _("规划")
    PROGRAMME = "programme", _("方案")
    INTERPRETATION = "interpretation", _("解读")
    OTHER = "other", _("其他")


class Disclosure(models.TextChoices):
    """公开属性, decided when the document is drafted and approved with it (spec §5)."""

    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    EXPIRED = "expired", _("失效")
    REPEALED = "repealed", _("废止")


ART20_ITEMS = [
    (1, _("（一）行政法规、规章和规范性文件")),
    (2, _("（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名")),
    (3, _("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策")),
    (4, _("（四）国民经济和社会发展统计信息")),
    (5, _("（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")),
    (6, _("（六）实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定")),
    (7, _("（七）财政预算、决算信息")),
    (8, _("（八）行政事业性收费项目及其依据、标准")),
    (9, _("（九）政府集中采购项目的目录、标准及实施情况")),
    (10, _("（十）重大建设项目的批准和实施情况")),
    (11, _("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况")),
    (12, _("（十二）突发公共事件的应急预案、预警信息及应对情况")),
    (13, _("（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况")),
    (14, _("（十四）公务员招考的职位、名额、报考条件等事项以及录用结果")),
    (15, _("（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息")),
]


class State(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    SECRECY_REVIEW = "secrecy_review", "保密审查中"
    APPROVED = "approved", "已审定"
    SCHEDULED = "scheduled", "定时发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class Document(TimeStampedModel):
    """A piece of government information in the catalogue. Only ``state=published`` documents are
    public, and only 主动公开 documents can be published (a database constraint)."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="所属机关", on_delete=models.PROTECT, related_name="documents"
    )
    publisher_name = models.CharField("发布机构", max_length=200)
    title = models.CharField("名称", max_length=300)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.OTHER)
    policy_class = models.CharField(
        "文件类别", max_length=16, choices=PolicyClass.choices, blank=True, default=""
    )
    genre = models.CharField("体裁", max_length=16, choices=Genre.choices, default=Genre.OTHER)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    index_number = models.CharField("索引号", max_length=120, unique=True, null=True, blank=True)
    category = models.ForeignKey(
        "publications.Category",
        verbose_name="主题分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    art20_item = models.PositiveSmallIntegerField(
        "条例第二十条类别", choices=ART20_ITEMS, null=True, blank=True
    )
    category_root = models.ForeignKey(
        "publications.Category",
        verbose_name="一级主题分类",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # leads the doc_category_root index below
        help_text="主题分类的顶级节点（由服务维护），按一级分类浏览时走一个有序索引。",
    )
    topics = models.ManyToManyField(
        "publications.TopicColumn",
        verbose_name="专题专栏",
        blank=True,
        related_name="documents",
        through="publications.DocumentTopic",
    )
    keywords = models.CharField("主题词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True)
    formed_on = models.DateField("成文日期", null=True, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    scheduled_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    disclosure = models.CharField(
        "公开属性", max_length=16, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    disclosure_reason = models.TextField("不予公开/依申请公开理由", blank=True)
    validity = models.CharField(
        "有效性", max_length=16, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField("失效/废止日期", null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="替代文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    next_evaluation_on = models.DateField("下次有效性评估", null=True, blank=True)
    interprets = models.ForeignKey(
        "self",
        verbose_name="解读的文件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interpretations",
        db_index=False,  # a partial index below: most documents interpret nothing
    )
    state = models.CharField("状态", max_length=16, choices=State.choices, default=State.DRAFT)
    review_chain = models.JSONField("审核环节", default=list, blank=True)
    review_step = models.PositiveSmallIntegerField("当前审核环节", default=0)
    withdrawn_reason = models.TextField("撤回理由", blank=True)
    deadline = models.ForeignKey(
        "calendars.TrackedDeadline",
        verbose_name="公开期限",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="起草人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported = models.BooleanField("批量导入", default=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "文件"
        verbose_name_plural = "文件"
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="published") | Q(disclosure="proactive"),
                name="document_only_proactive_published",
            )
        ]
        indexes = [
            # The public catalogue: every list is "published, newest first", optionally narrowed.
            models.Index(fields=["state", "-published_on", "-id"], name="doc_catalogue"),
            models.Index(fields=["organ", "state", "-published_on", "-id"], name="doc_organ"),
            models.Index(fields=["category", "state", "-published_on", "-id"], name="doc_category"),
            models.Index(fields=["validity", "state", "-published_on", "-id"], name="doc_validity"),
            models.Index(fields=["kind", "state", "-published_on", "-id"], name="doc_kind"),
            # the portal's usual pair: 现行有效 policies (counting 10,001 matches read 1M rows)
            models.Index(
                fields=["kind", "validity", "state", "-published_on", "-id"],
                name="doc_kind_validity",
            ),
            # Lookups by 文号 (interpretations, re-imports) and by title and date (re-imports).
            models.Index(fields=["doc_number", "organ"], name="doc_number"),
            models.Index(fields=["title", "published_on"], name="doc_title"),
            models.Index(
                fields=["category_root", "state", "-published_on", "-id"], name="doc_category_root"
            ),
            # Table 二 and the interpretation ratio read only this index. (Not a partial index:
            # SQLite cannot use one whose condition the query states with bound parameters.)
            models.Index(
                fields=[
                    "policy_class",
                    "organ",
                    "state",
                    "formed_on",
                    "published_on",
                    "validity",
                    "validity_changed_on",
                ],
                name="doc_reported_policies",
            ),
            models.Index(fields=["state", "next_evaluation_on"], name="doc_evaluation"),
            models.Index(
                fields=["interprets"],
                condition=Q(interprets__isnull=False),
                name="doc_interprets",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED

    @property
    def needs_interpretation(self) -> bool:
        return self.policy_class in (PolicyClass.REGULATION, PolicyClass.NORMATIVE)

    def get_absolute_url(self) -> str:
        return reverse("publications:detail", args=[self.index_number or str(self.pk)])


class DocumentTopic(models.Model):
    """A document in a 专题专栏. Carries copies of the document's state and publication date
    (kept by the services) so that a column's page is one ordered index scan."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(
        "publications.TopicColumn", on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(max_length=16, default=State.DRAFT)
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "专题专栏文件"
        verbose_name_plural = "专题专栏文件"
        constraints = [
            models.UniqueConstraint(fields=["document", "topic"], name="document_topic_unique")
        ]
        indexes = [
            models.Index(
                fields=["topic", "state", "-published_on", "-document"], name="topic_catalogue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}:{self.document_id}"


class Attachment(models.Model):
    """A file attached to a document; stored by ``core.uploads.store_upload`` (type sniffed)."""

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("附件", max_length=255)
    original_name = models.CharField("原文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小")
    sha256 = models.CharField("SHA-256", max_length=64)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["document", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name


class DocumentEvent(models.Model):
    """The document's timeline — written explicitly by the service that changes it."""

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField("操作", max_length=32)
    from_state = models.CharField("原状态", max_length=16, blank=True)
    to_state = models.CharField("新状态", max_length=16, blank=True)
    step = models.CharField("审核环节", max_length=40, blank=True)
    note = models.TextField("意见/理由", blank=True)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        ordering = ["document", "created_at", "id"]
        verbose_name = "文件记录"
        verbose_name_plural = "文件记录"

    def __str__(self) -> str:
        return f"{self.document_id} {self.action}"

    @property
    def action_label(self) -> str:
        from gongkai.publications.workflow import TRANSITIONS

        if self.action in TRANSITIONS:
            return TRANSITIONS[self.action].label
        return EVENT_LABELS.get(self.action, self.action)

    @property
    def from_label(self) -> str:
        return State(self.from_state).label if self.from_state in State.values else ""

    @property
    def to_label(self) -> str:
        return State(self.to_state).label if self.to_state in State.values else ""


EVENT_LABELS = {
    "created": "创建草稿",
    "updated": "修改",
    "attachment_added": "添加附件",
    "attachment_removed": "删除附件",
    "validity": "有效性变更",
    "evaluated": "有效性评估",
    "import": "批量导入",
    "import_update": "批量导入更新",
}


class ValidityRecord(models.Model):
    """有效性 history: every change or periodic evaluation of a document's validity."""

    document = models.ForeignKey(
        Document, verbose_name="文件", on_delete=models.CASCADE, related_name="validity_records"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    old_validity = models.CharField("原有效性", max_length=16, choices=Validity.choices)
    new_validity = models.CharField("有效性", max_length=16, choices=Validity.choices)
    effective_on = models.DateField("生效日期")
    replaced_by = models.ForeignKey(
        Document,
        verbose_name="替代文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["document", "created_at", "id"]
        verbose_name = "有效性记录"
        verbose_name_plural = "有效性记录"

    def __str__(self) -> str:
        return f"{self.document_id}: {self.old_validity} → {self.new_validity}"
