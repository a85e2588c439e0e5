"""Public forms. Labels and messages in plain Chinese (translated for zh-Hant and English)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.cases.identity import IdType
from gongkai.cases.models import ApplicantType, Delivery, PreferredForm
from gongkai.cases.services import ApplicantData, ItemData, Submission, validate_submission
from gongkai.orgs.models import Organ
from gongkai.portal.challenge import check_challenge, new_challenge
from gongkai.portal.widgets import ContentSelect

# The models' choice labels are also printed in letters, which stay Chinese; the form shows
# translated labels of its own.
APPLICANT_TYPES = [
    (ApplicantType.NP, _("自然人")),
    (ApplicantType.COM, _("商业企业")),
    (ApplicantType.RES, _("科研机构")),
    (ApplicantType.NGO, _("社会公益组织")),
    (ApplicantType.LAW, _("法律服务机构")),
    (ApplicantType.OTH, _("其他")),
]
ID_TYPES = [
    (IdType.RESIDENT_ID, _("居民身份证")),
    (IdType.RESIDENCE_PERMIT, _("港澳台居民居住证")),
    (IdType.HK_MACAO_PASS, _("港澳居民来往内地通行证")),
    (IdType.TAIWAN_PASS, _("台湾居民来往大陆通行证")),
    (IdType.PASSPORT, _("护照")),
    (IdType.FOREIGNER_PR, _("外国人永久居留身份证")),
    (IdType.OTHER, _("其他有效身份证件")),
]
PREFERRED_FORMS = [
    (PreferredForm.PAPER, _("纸质文本")),
    (PreferredForm.ELECTRONIC, _("电子数据")),
    (PreferredForm.VIEW, _("当场阅读、抄录")),
    (PreferredForm.ANY, _("无特定要求")),
]
DELIVERY_ONLINE_FIRST = [
    (Delivery.ONLINE, _("网上查看下载")),
    (Delivery.EMAIL, _("电子邮件")),
    (Delivery.POST, _("邮寄（中国邮政）")),
    (Delivery.PICKUP, _("当面领取")),
]


class ApplyForm(forms.Form):
    """网上申请 (条例 第二十九条): who applies, what information, how to receive it."""

    organ = forms.ModelChoiceField(
        label=_("向哪个机关申请"),
        queryset=Organ.objects.none(),
        empty_label=_("请选择"),
        widget=ContentSelect,
    )
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"),
        choices=APPLICANT_TYPES,
        widget=forms.RadioSelect,
        initial=ApplicantType.NP,
    )
    name = forms.CharField(
        label=_("姓名"),
        required=False,
        max_length=50,
        help_text=_("自然人填写；法人或其他组织请填写下方的名称"),
    )
    id_type = forms.ChoiceField(
        label=_("身份证件类型"), choices=ID_TYPES, required=False, initial=IdType.RESIDENT_ID
    )
    id_number = forms.CharField(
        label=_("证件号码"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    organisation_name = forms.CharField(
        label=_("法人或其他组织名称"), required=False, max_length=200
    )
    credit_code = forms.CharField(
        label=_("统一社会信用代码"),
        required=False,
        max_length=18,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    legal_representative = forms.CharField(
        label=_("法定代表人或主要负责人"), required=False, max_length=50
    )
    contact_person = forms.CharField(label=_("联系人"), required=False, max_length=50)
    phone = forms.CharField(
        label=_("联系电话"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("通信地址"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("邮政编码"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    items = forms.CharField(
        label=_("所需政府信息"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "请写明信息的名称、文号或者便于查询的其他特征性描述；需要多项信息的，每行写一项"
        ),
    )
    preferred_form = forms.ChoiceField(
        label=_("获取信息的形式"), choices=PREFERRED_FORMS, initial=PreferredForm.ELECTRONIC
    )
    delivery_method = forms.ChoiceField(
        label=_("获取信息的方式"), choices=DELIVERY_ONLINE_FIRST, initial=Delivery.ONLINE
    )
    identity_document = forms.FileField(
        label=_("身份证明材料"),
        help_text=_(
            "自然人上传身份证件，法人或其他组织上传营业执照等证明；PDF、JPG 或 PNG，不超过 10 MB"
        ),
    )
    challenge_answer = forms.CharField(
        label=_("验证"),
        max_length=3,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    challenge_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = Organ.objects.filter(is_active=True).order_by("path")
        if not self.is_bound:
            question, token = new_challenge()
            self.fields["challenge_answer"].label = question
            self.initial["challenge_token"] = token
        else:
            self.fields["challenge_answer"].label = _("验证：请计算上一页显示的题目")

    def refresh_challenge(self) -> None:
        """A new question after a failed submission (the old token is used up)."""
        question, token = new_challenge()
        self.fields["challenge_answer"].label = question
        data = self.data.copy()
        data["challenge_token"] = token
        data["challenge_answer"] = ""
        self.data = data

    def submission(self) -> Submission:
        d = self.cleaned_data
        return Submission(
            applicant=ApplicantData(
                applicant_type=d.get("applicant_type", ""),
                name=d.get("name", ""),
                id_type=d.get("id_type") or IdType.RESIDENT_ID,
                id_number=d.get("id_number", ""),
                organisation_name=d.get("organisation_name", ""),
                credit_code=d.get("credit_code", ""),
                legal_representative=d.get("legal_representative", ""),
                contact_person=d.get("contact_person", ""),
                phone=d.get("phone", ""),
                email=d.get("email", ""),
                address=d.get("address", ""),
                postcode=d.get("postcode", ""),
            ),
            items=[
                ItemData(line.strip())
                for line in (d.get("items") or "").splitlines()
                if line.strip()
            ],
            channel="online",
            preferred_form=d.get("preferred_form", ""),
            delivery_method=d.get("delivery_method", ""),
        )

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("提交未成功，请稍后再试"), code="honeypot")
        problem = check_challenge(
            self.data.get("challenge_token", ""), self.data.get("challenge_answer", "")
        )
        if problem:
            self.add_error("challenge_answer", problem)
        if "applicant_type" in data:  # report every field's problem at once
            for field, messages in validate_submission(self.submission()).items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("提交申请后取得的12位查询码，如 AB3D-7KQ2-M9XD"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    factor = forms.CharField(
        label=_("证件号码或联系电话的后四位"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
