from __future__ import annotations

from django import forms

from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organs_for
from gongkai.reports.library.selectors import GENERATED, KIND_LABELS, PARSED, Subject

MAX_FILES = 50
MAX_SUBJECTS = 12
MAX_YEARS = 15


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="年度报告文件",
        help_text="可一次选择多个文件：TXT、HTML、PDF、DOCX（UTF-8、GBK、Big5 均可），每个不超过 20 MB",
        error_messages={"required": "请选择要导入的文件"},
    )
    organ = forms.ModelChoiceField(
        label="机关",
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label="按报告中的发布机关名称自动匹配",
        help_text="只在报告中的机关名称无法匹配、或匹配错误时指定；所选文件都将计入该机关",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs_for(user, Capability.REPORT_COMPILE).order_by("path")

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多导入 {MAX_FILES} 个文件")
        return files


class LibraryFilterForm(forms.Form):
    subject = forms.ChoiceField(label="机关", required=False)
    year = forms.TypedChoiceField(label="统计年度", required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(
        label="来源",
        required=False,
        choices=[("", "全部"), (PARSED, KIND_LABELS[PARSED]), (GENERATED, KIND_LABELS[GENERATED])],
    )
    flagged = forms.BooleanField(label="只看有异常提示的", required=False)
    q = forms.CharField(label="名称包含", required=False, max_length=50)

    def __init__(self, *args, subjects: list[Subject], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "全部机关"), *((s.key, s.name) for s in subjects)]
        self.fields["year"].choices = [("", "全部年度"), *((y, str(y)) for y in years)]


class CompareForm(forms.Form):
    subjects = forms.MultipleChoiceField(
        label="机关",
        help_text=f"按住 Ctrl（Mac 上为 ⌘）可多选，最多 {MAX_SUBJECTS} 个",
        error_messages={"required": "请至少选择一个机关"},
    )
    year_from = forms.TypedChoiceField(label="起始年度", coerce=int)
    year_to = forms.TypedChoiceField(label="截止年度", coerce=int)

    def __init__(self, *args, subjects: list[Subject], years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].choices = [(s.key, s.name) for s in subjects]
        self.fields["subjects"].widget.attrs["size"] = min(max(len(subjects), 4), 12)
        choices = [(y, str(y)) for y in sorted(years)]
        self.fields["year_from"].choices = choices
        self.fields["year_to"].choices = choices

    def clean_subjects(self):
        subjects = self.cleaned_data["subjects"]
        if len(subjects) > MAX_SUBJECTS:
            raise forms.ValidationError(f"最多选择 {MAX_SUBJECTS} 个机关")
        return subjects

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None:
            if start > end:
                self.add_error("year_to", "截止年度不能早于起始年度")
            elif end - start + 1 > MAX_YEARS:
                self.add_error("year_to", f"一次最多比较 {MAX_YEARS} 个年度")
        return data
