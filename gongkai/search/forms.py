from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.search.documents import KINDS, VALIDITY

MAX_QUERY = 200


class SearchInput(forms.TextInput):
    input_type = "search"


class SearchForm(forms.Form):
    """/search/: the query and the facet filters (links on the results page set them)."""

    q = forms.CharField(
        label=_("检索词"),
        max_length=MAX_QUERY,
        required=False,
        strip=True,
        widget=SearchInput,
        help_text=_("可输入关键词、问题或发文字号，简体、繁体均可。"),
    )
    organ = forms.CharField(label=_("发布机关"), required=False, max_length=40)
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1949, max_value=2100)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", ""), *KINDS.items()])
    category = forms.CharField(label=_("主题分类"), required=False, max_length=100)
    validity = forms.ChoiceField(
        label=_("有效性"), required=False, choices=[("", ""), *VALIDITY.items()]
    )
    page = forms.IntegerField(label=_("页码"), required=False, min_value=1, max_value=20)

    def filters(self):
        from gongkai.search.backends.base import Filters

        d = self.cleaned_data
        return Filters(
            organs=(d["organ"],) if d.get("organ") else (),
            kinds=(d["kind"],) if d.get("kind") else (),
            years=(d["year"],) if d.get("year") else (),
            categories=(d["category"],) if d.get("category") else (),
            validity=(d["validity"],) if d.get("validity") else (),
        )


class AskForm(forms.Form):
    q = forms.CharField(
        label=_("您的问题"),
        max_length=MAX_QUERY,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("用自己的话提问即可，例如：低保每个月能领多少钱？"),
        error_messages={"required": _("请输入问题"), "max_length": _("问题不能超过200字")},
    )


class FaqForm(forms.Form):
    organ = forms.ModelChoiceField(label="机关", queryset=None)
    question = forms.CharField(label="问题", max_length=200)
    variants = forms.CharField(
        label="其他问法",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一个，写市民会怎么问，例如：低保一个月多少钱",
    )
    answer = forms.CharField(
        label="答案",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="可使用简单的 HTML（段落、列表、链接），保存时会清理不安全的内容",
    )
    document_keys = forms.CharField(
        label="关联文件",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="答案依据的文件，每行一个检索键，例如 document:151",
    )
    review_on = forms.DateField(
        label="复核日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="到期前请复核答案是否仍然准确",
    )
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, organs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs

    def keys(self) -> list[str]:
        return [k.strip() for k in self.cleaned_data["document_keys"].splitlines() if k.strip()]


class SynonymForm(forms.Form):
    words = forms.CharField(
        label="同义词组", max_length=300, help_text="用逗号或等号分隔，例如：社保，社会保险"
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class DictionaryTermForm(forms.Form):
    word = forms.CharField(label="词语", max_length=40, help_text="机关名称、政务术语等")
    note = forms.CharField(label="说明", max_length=200, required=False)
