from __future__ import annotations

from django import forms

from gongkai.calendars.deadlines import MAX_EXTENSION, DeadlineInputError, parse_pause


class DeadlineCalculatorForm(forms.Form):
    received = forms.DateField(
        label="收到申请日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="按条例第三十一条确定的收到日期",
    )
    corrected = forms.DateField(
        label="收到补正后申请日期",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="发出补正告知后，答复期限自收到补正后申请之日重新起算",
    )
    pauses = forms.CharField(
        label="暂停期间（征求意见）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个，格式 YYYY-MM-DD:YYYY-MM-DD，可在后面加说明，如 2026-11-02:2026-11-13 征求第三方意见",
    )
    extension = forms.IntegerField(
        label="经批准延长的工作日数",
        min_value=0,
        max_value=MAX_EXTENSION,
        initial=0,
        required=False,
        help_text=f"条例第三十三条：延长最长不超过{MAX_EXTENSION}个工作日",
    )
    delivered = forms.DateField(
        label="答复送达日期（可选）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="填写后显示申请人申请行政复议、提起行政诉讼的期限",
    )

    def clean_pauses(self):
        pauses = []
        for n, line in enumerate((self.cleaned_data.get("pauses") or "").splitlines(), start=1):
            if not line.strip():
                continue
            spec, _, reason = line.strip().partition(" ")
            try:
                pauses.append(parse_pause(spec, reason.strip() or "征求意见"))
            except DeadlineInputError as exc:
                raise forms.ValidationError(f"第{n}行：{exc}") from None
        return pauses

    def clean(self):
        data = super().clean()
        received, corrected = data.get("received"), data.get("corrected")
        if received and corrected and corrected < received:
            self.add_error("corrected", "补正后申请的收到日不能早于原申请的收到日")
        return data
