"""Forms of the catalogue, the staff workspace and the consultation pages. Forms only parse and
show errors; every rule is in the services (their ``InvalidInput`` becomes field errors here)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.errors import GongkaiError, InvalidInput
from gongkai.portal.widgets import ContentSelect, FastSelect
from gongkai.publications.models import (
    ART20_ITEMS,
    Category,
    Comment,
    Disclosure,
    Document,
    Genre,
    Kind,
    PolicyClass,
    TopicColumn,
    Validity,
)

DATE = {"type": "date"}


def add_service_error(form: forms.Form, exc: GongkaiError) -> None:
    """Show a service's refusal on the fields it names (or on the form as a whole)."""
    errors = getattr(exc, "errors", None) or {}
    shown = False
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
            shown = True
    if not shown:
        field = exc.field if isinstance(exc, InvalidInput) and exc.field in form.fields else None
        form.add_error(field, exc.message)


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.label


class DocumentForm(forms.Form):
    """A draft's catalogue metadata (spec §5). ``organ`` only when creating."""

    organ = forms.ModelChoiceField(label="所属机关", queryset=None, empty_label=None)
    title = forms.CharField(label="名称", max_length=300)
    kind = forms.ChoiceField(label="类型", choices=Kind.choices, initial=Kind.NOTICE)
    policy_class = forms.ChoiceField(
        label="文件类别",
        choices=PolicyClass.choices,
        required=False,
        help_text="规章和行政规范性文件须与政策解读同步发布（三同步），并计入年度报告表二。",
    )
    genre = forms.ChoiceField(label="体裁", choices=Genre.choices, initial=Genre.NOTICE)
    doc_number = forms.CharField(label="文号", max_length=100, required=False)
    publisher_name = forms.CharField(
        label="发布机构", max_length=200, required=False, help_text="留空则为所属机关全称。"
    )
    category = CategoryChoiceField(label="主题分类", queryset=None, required=False)
    art20_item = forms.TypedChoiceField(
        label="条例第二十条类别",
        choices=[("", "—"), *ART20_ITEMS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    topics = forms.ModelMultipleChoiceField(
        label="专题专栏",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    keywords = forms.CharField(label="主题词", max_length=200, required=False)
    summary = forms.CharField(
        label="内容概述", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label="正文",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="可输入纯文本（按段落换行）或 HTML；脚本、样式等不安全内容会被清除。",
    )
    formed_on = forms.DateField(
        label="成文日期",
        required=False,
        widget=forms.DateInput(attrs=DATE),
        help_text="条例第二十六条：自信息形成之日起20个工作日内公开。",
    )
    disclosure = forms.ChoiceField(
        label="公开属性",
        choices=Disclosure.choices,
        initial=Disclosure.PROACTIVE,
        widget=forms.RadioSelect,
    )
    disclosure_reason = forms.CharField(
        label="依申请公开或不予公开的理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interprets = forms.CharField(
        label="被解读的文件（索引号或文件编号）",
        required=False,
        help_text="仅政策解读填写。",
    )

    def __init__(self, *args, organs=None, documents=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents
        if editing:
            del self.fields["organ"]
        else:
            self.fields["organ"].queryset = organs
        self.fields["category"].queryset = Category.objects.filter(is_active=True).order_by("path")
        self.fields["topics"].queryset = TopicColumn.objects.filter(is_active=True)

    def clean_interprets(self):
        key = (self.cleaned_data.get("interprets") or "").strip()
        if not key:
            return None
        qs = self.documents.filter(index_number=key)
        found = qs.first() or (
            self.documents.filter(pk=int(key)).first() if key.isdigit() else None
        )
        if found is None:
            raise forms.ValidationError("找不到该文件，或无权查看")
        return found

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organ", None)
        data["policy_class"] = data.get("policy_class") or ""
        return data

    @staticmethod
    def initial_for(document: Document) -> dict:
        return {
            "title": document.title,
            "kind": document.kind,
            "policy_class": document.policy_class,
            "genre": document.genre,
            "doc_number": document.doc_number,
            "publisher_name": document.publisher_name,
            "category": document.category_id,
            "art20_item": document.art20_item,
            "topics": list(document.topics.all()),
            "keywords": document.keywords,
            "summary": document.summary,
            "body": document.body,
            "formed_on": document.formed_on,
            "disclosure": document.disclosure,
            "disclosure_reason": document.disclosure_reason,
            "interprets": document.interprets.index_number or document.interprets_id
            if document.interprets_id
            else "",
        }


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="意见或理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    scheduled_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    effective_on = forms.DateField(label="生效日期", widget=forms.DateInput(attrs=DATE))
    replaced_by = forms.CharField(
        label="替代文件（索引号或文件编号）", required=False, help_text="被新文件替代时填写。"
    )
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = documents

    def clean_replaced_by(self):
        key = (self.cleaned_data.get("replaced_by") or "").strip()
        if not key:
            return None
        found = self.documents.filter(index_number=key).first() or (
            self.documents.filter(pk=int(key)).first() if key.isdigit() else None
        )
        if found is None:
            raise forms.ValidationError("找不到该文件，或无权查看")
        return found


class EvaluateForm(forms.Form):
    note = forms.CharField(label="评估意见", required=False, max_length=500)


class AttachmentForm(forms.Form):
    file = forms.FileField(label="附件", help_text="PDF、DOCX、XLSX 或图片，最大 20 MB。")


class CatalogueFilterForm(forms.Form):
    """The public catalogue's filters (GET). Choices are filled from already-loaded lists."""

    organ = forms.ChoiceField(label=_("发布机构"), required=False, widget=ContentSelect)
    category = forms.ChoiceField(label=_("主题分类"), required=False, widget=ContentSelect)
    topic = forms.ChoiceField(label=_("专题专栏"), required=False, widget=ContentSelect)
    year = forms.TypedChoiceField(
        label=_("发布年份"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    validity = forms.ChoiceField(
        label=_("有效性"),
        required=False,
        choices=[("", _("全部")), *Validity.choices],
        widget=FastSelect,
    )
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *Kind.choices], widget=FastSelect
    )

    def __init__(self, *args, organs, categories, topics, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].choices = [("", _("全部机关")), *((o.code, o.name) for o in organs)]
        self.fields["category"].choices = [
            ("", _("全部分类")),
            *((c.code, ("　" * (c.path.count("/") - 2)) + c.name) for c in categories),
        ]
        self.fields["topic"].choices = [("", _("全部专栏")), *((t.code, t.name) for t in topics)]
        self.fields["year"].choices = [
            ("", _("全部年份")),
            *((y, _("%(year)s年") % {"year": y}) for y in years),
        ]


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("意见内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=2,
        max_length=5000,
    )
    author_name = forms.CharField(
        label=_("署名（选填，将随意见公开）"), required=False, max_length=50
    )
    # Honeypot: hidden from people (and assistive technology); bots fill it in.
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


class ConsultationForm(forms.Form):
    organ = forms.ModelChoiceField(label="机关", queryset=None, empty_label=None)
    title = forms.CharField(label="标题", max_length=300)
    description = forms.CharField(
        label="征求意见稿及说明",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="可输入 HTML；不安全内容会被清除。",
    )
    opens_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs=DATE))
    closes_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, organs=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["organ"]
        else:
            self.fields["organ"].queryset = organs


class ModerateForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审核结果",
        choices=[("1", "通过（公开显示）"), ("0", "不予显示")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="说明", required=False, max_length=300)


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="采纳情况", choices=[(c, label) for c, label in Comment.Decision.choices if c]
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(forms.Form):
    summary = forms.CharField(label="意见采纳情况说明", widget=forms.Textarea(attrs={"rows": 6}))


class DecisionImportForm(forms.Form):
    organ = forms.ModelChoiceField(label="机关", queryset=None, empty_label=None)
    file = forms.FileField(
        label="CSV 或 XLSX 文件",
        help_text="第一行为表头：类别、文书号、事项名称、决定日期、金额（元）。任一行有误则整个文件不导入。",
    )

    def __init__(self, *args, organs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs
