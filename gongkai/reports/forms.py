from django import forms


class NarrativeForm(forms.Form):
    overview = forms.CharField(
        label="一、总体情况",
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text="可使用段落 <p> 和小标题 <h3>；保存时会清除不安全的内容",
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况",
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    other_matters = forms.CharField(
        label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )


class TransitionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("submit", "return", "approve", "publish", "correct")]
    )
    note = forms.CharField(
        label="意见或更正说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
