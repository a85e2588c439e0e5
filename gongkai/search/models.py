"""Search storage: index entries (the original text and facets of each SearchDocument),
embedding vectors, the staff-editable dictionary and synonyms, the FAQ knowledge base, and
the query log.

The full-text structures live beside these tables and are created by migrations per vendor:
an FTS5 table ``search_fts`` (SQLite) or a ``tsv`` column with a GIN index on ``search_entry``
(PostgreSQL). tantivy keeps its own directory.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.core.models import TimeStampedModel
from gongkai.search.documents import KINDS, VALIDITY


class IndexEntry(models.Model):
    """One indexed SearchDocument: metadata for filters and facets, the original text for
    snippets and passages."""

    key = models.CharField("键", max_length=120, unique=True)
    kind = models.CharField("类别", max_length=20, choices=list(KINDS.items()), db_index=True)
    title = models.CharField("标题", max_length=500)
    body = models.TextField("正文", blank=True)
    url = models.CharField("链接", max_length=500)
    organ_code = models.CharField("机关代码", max_length=40, blank=True, db_index=True)
    organ_name = models.CharField("机关", max_length=200, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True, db_index=True)
    doc_number = models.CharField("发文字号", max_length=100, blank=True)
    doc_number_key = models.CharField("发文字号（规范）", max_length=100, blank=True, db_index=True)
    # Canonical document numbers the text mentions (space-separated), for coverage checks.
    mentioned_numbers = models.TextField("提及的发文字号", blank=True)
    category = models.CharField("主题分类", max_length=100, blank=True, db_index=True)
    validity = models.CharField(
        "有效性", max_length=10, choices=list(VALIDITY.items()), default="valid"
    )
    interprets_key = models.CharField("所解读文件", max_length=120, blank=True, db_index=True)
    interpretation_keys = models.JSONField("解读", default=list, blank=True)
    content_hash = models.CharField("内容摘要", max_length=40)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = "索引条目"
        verbose_name_plural = "索引条目"

    def __str__(self) -> str:
        return f"{self.key} {self.title}"


class VectorChunk(models.Model):
    """The embedding of one passage of an entry (float32 bytes), for one embedding model."""

    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="vectors")
    model = models.CharField("模型", max_length=60)
    chunk = models.PositiveIntegerField("段落序号")
    start = models.PositiveIntegerField("起")
    end = models.PositiveIntegerField("止")
    vector = models.BinaryField("向量")

    class Meta:
        db_table = "search_vector"
        constraints = [
            models.UniqueConstraint(fields=["entry", "model", "chunk"], name="search_vector_unique")
        ]
        indexes = [models.Index(fields=["model"])]
        verbose_name = "向量"
        verbose_name_plural = "向量"

    def __str__(self) -> str:
        return f"{self.entry_id}#{self.chunk} ({self.model})"


class Counter(models.Model):
    """Version counters (``vectors``, ``dictionary``): processes cache what they load and
    reload when the number moves."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    class Meta:
        db_table = "search_counter"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


def validate_word(value: str) -> None:
    if not value.strip() or any(ch.isspace() for ch in value.strip()):
        raise ValidationError("词语不能为空，也不能包含空格", code="word")


class DictionaryTerm(TimeStampedModel):
    """A word of the domain dictionary (领域词典) that staff add: organ names, 政务 terms.
    Changes take effect for queries at once and for documents after ``gongkai reindex``."""

    word = models.CharField("词语", max_length=40, unique=True, validators=[validate_word])
    frequency = models.PositiveIntegerField("词频", default=30000)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["word"]
        verbose_name = "领域词语"
        verbose_name_plural = "领域词典"

    def __str__(self) -> str:
        return self.word


class Synonym(TimeStampedModel):
    """A group of words that mean the same (同义词): 社保 = 社会保险. A query for any of them
    finds all."""

    words = models.CharField(
        "同义词组", max_length=300, help_text="用逗号或等号分隔，例如：社保，社会保险"
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        ordering = ["words"]
        verbose_name = "同义词组"
        verbose_name_plural = "同义词"

    def __str__(self) -> str:
        return self.words

    def word_list(self) -> list[str]:
        from gongkai.search.text import parse_synonym_line

        return parse_synonym_line(self.words)

    def clean(self) -> None:
        if len(self.word_list()) < 2:
            raise ValidationError({"words": "同义词组至少需要两个词"})


class FaqEntry(TimeStampedModel):
    """A question of the 智能问答知识库 with its variants and an answer staff wrote, linked to
    the documents it rests on, owned by a person who reviews it by ``review_on``."""

    organ = models.ForeignKey(
        "orgs.Organ", verbose_name="机关", on_delete=models.PROTECT, related_name="faq_entries"
    )
    question = models.CharField("问题", max_length=200)
    variants = models.TextField("其他问法", blank=True, help_text="每行一个")
    answer = models.TextField("答案")
    document_keys = models.JSONField("关联文件", default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="faq_entries",
    )
    review_on = models.DateField("复核日期", null=True, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["organ__path", "question"]
        verbose_name = "常见问题"
        verbose_name_plural = "智能问答知识库"

    def __str__(self) -> str:
        return self.question

    @property
    def key(self) -> str:
        return f"faq:{self.pk}"

    def variant_list(self) -> list[str]:
        return [v.strip() for v in self.variants.splitlines() if v.strip()]


class QueryLog(models.Model):
    """One search or question, for staff analytics. Only the normalised query text: no user,
    no address, no session."""

    class Channel(models.TextChoices):
        SEARCH = "search", "检索"
        ASK = "ask", "问答"

    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    query = models.CharField("查询", max_length=200, db_index=True)
    result_count = models.PositiveIntegerField("结果数", default=0)
    answer_type = models.CharField("回答类型", max_length=10, blank=True)

    class Meta:
        db_table = "search_querylog"
        ordering = ["-created_at"]
        verbose_name = "查询记录"
        verbose_name_plural = "查询记录"

    def __str__(self) -> str:
        return self.query
