"""Forms of the case workspace. They collect input; the rules live in the services (a form's
``clean`` may call the services' validators so errors attach to fields)."""

from __future__ import annotations

from django import forms

from gongkai.cases.fees import FeeBasis
from gongkai.cases.identity import IdType
from gongkai.cases.models import (
    ApplicantType,
    CaseAttachment,
    Channel,
    Consultation,
    Delivery,
    PreferredForm,
    Remedy,
)
from gongkai.cases.outcomes import Decision, WithholdReason
from gongkai.cases.services import ApplicantData, ItemData, Submission, validate_submission
from gongkai.orgs.models import Organ, User
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organs_for

DATE = forms.DateInput(attrs={"type": "date"})


class RegistrationForm(forms.Form):
    """登记申请 (条例 第二十九条) — staff intake from any channel."""

    organ = forms.ModelChoiceField(label="受理机关", queryset=Organ.objects.none())
    channel = forms.ChoiceField(label="提交方式", choices=Channel.choices)
    received_on = forms.DateField(
        label="收到申请日期",
        required=False,
        widget=DATE,
        help_text="当面提交为提交当日；邮寄为签收日；平常信函、网上、电子邮件、传真为双方确认之日（未确认可留空）",
    )
    applicant_type = forms.ChoiceField(label="申请人类型", choices=ApplicantType.choices)
    name = forms.CharField(label="姓名", required=False, max_length=50)
    id_type = forms.ChoiceField(label="身份证件类型", choices=IdType.choices, required=False)
    id_number = forms.CharField(label="证件号码", required=False, max_length=30)
    organisation_name = forms.CharField(label="法人或其他组织名称", required=False, max_length=200)
    credit_code = forms.CharField(label="统一社会信用代码", required=False, max_length=18)
    legal_representative = forms.CharField(
        label="法定代表人或主要负责人", required=False, max_length=50
    )
    contact_person = forms.CharField(label="联系人", required=False, max_length=50)
    phone = forms.CharField(label="联系电话", required=False, max_length=30)
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通信地址", required=False, max_length=300)
    postcode = forms.CharField(label="邮政编码", required=False, max_length=6)
    items = forms.CharField(
        label="所需政府信息",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一项：信息的名称、文号或者便于查询的其他特征性描述",
    )
    preferred_form = forms.ChoiceField(label="获取信息的形式", choices=PreferredForm.choices)
    delivery_method = forms.ChoiceField(label="获取信息的方式", choices=Delivery.choices)
    identity_document = forms.FileField(
        label="身份证明材料（可选）", required=False, help_text="PDF、JPG 或 PNG，不超过 10 MB"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organ"].queryset = organs_for(user, Capability.CASE_REGISTER)

    def submission(self) -> Submission:
        d = self.cleaned_data
        applicant = ApplicantData(
            applicant_type=d["applicant_type"],
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
        )
        items = [
            ItemData(line.strip()) for line in (d.get("items") or "").splitlines() if line.strip()
        ]
        return Submission(
            applicant=applicant,
            items=items,
            channel=d.get("channel", ""),
            preferred_form=d.get("preferred_form", ""),
            delivery_method=d.get("delivery_method", ""),
        )

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        for field, messages in validate_submission(self.submission()).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    note = forms.CharField(label="退回修改意见", widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    received_on = forms.DateField(
        label="确认收到日期",
        required=False,
        widget=DATE,
        help_text="网上、传真、平常信函等须双方确认的申请，默认今天",
    )


class CorrectionForm(forms.Form):
    items = forms.CharField(label="需要补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateField(
        label="补正期限", required=False, widget=DATE, help_text="留空按默认的合理期限计算"
    )


class ReceiveCorrectionForm(forms.Form):
    corrected_on = forms.DateField(label="收到补正后申请的日期", widget=DATE)


class LapseForm(forms.Form):
    on = forms.DateField(label="终止日期", required=False, widget=DATE)


class AssignForm(forms.Form):
    handling_organ = forms.ModelChoiceField(label="承办机关", queryset=Organ.objects.none())
    handler = forms.ModelChoiceField(label="经办人", queryset=User.objects.none())
    assisting_organs = forms.ModelMultipleChoiceField(
        label="协办机关", queryset=Organ.objects.none(), required=False
    )
    note = forms.CharField(label="分办意见", required=False)

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        organs = Organ.objects.filter(path__startswith=case.organ.path, is_active=True)
        self.fields["handling_organ"].queryset = organs
        self.fields["assisting_organs"].queryset = organs
        self.fields["handler"].queryset = User.objects.filter(
            is_active=True, memberships__organ__in=organs, memberships__role="handler"
        ).distinct()


class ConsultationForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Consultation.Kind.choices)
    party = forms.CharField(label="被征求意见方", max_length=200)
    sent_on = forms.DateField(label="发出日期", widget=DATE)
    letter_received_on = forms.DateField(label="对方收到日期", widget=DATE)


class OpinionForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    opinion = forms.ChoiceField(
        label="意见", choices=[c for c in Consultation.Opinion.choices if c[0] != "pending"]
    )
    received_on = forms.DateField(label="收到意见日期", required=False, widget=DATE)
    note = forms.CharField(label="意见摘要", required=False)


class FeeForm(forms.Form):
    basis = forms.ChoiceField(label="计收方式", choices=FeeBasis.choices)
    pages = forms.IntegerField(label="页数（按量计收）", required=False, min_value=1)
    sent_on = forms.DateField(label="通知发出日期", required=False, widget=DATE)
    received_on = forms.DateField(label="申请人收到日期", required=False, widget=DATE)


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label="缴费日期", widget=DATE)
    receipt_number = forms.CharField(label="票据号", required=False)


class Art35ReasonsForm(forms.Form):
    on = forms.DateField(label="收到理由日期", widget=DATE)
    reasonable = forms.TypedChoiceField(
        label="理由是否合理",
        choices=[("1", "合理，另定答复期限"), ("0", "不合理，不予处理")],
        coerce=lambda v: v == "1",
    )
    working_days = forms.IntegerField(
        label="合理期限（工作日）", required=False, min_value=1, max_value=120
    )
    explanation = forms.CharField(label="审查意见", required=False)


class DecisionForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label="答复类型", choices=[("", "请选择"), *Decision.choices])
    withhold_reason = forms.ChoiceField(
        label="不予公开理由类别", required=False, choices=[("", "—"), *WithholdReason.choices]
    )
    basis = forms.CharField(label="法律依据", required=False, max_length=300)
    reasons = forms.CharField(
        label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    provided = forms.CharField(label="提供的信息及形式", required=False)
    location = forms.CharField(label="获取途径", required=False)
    responsible_organ = forms.CharField(label="负责公开的机关", required=False)
    responsible_contact = forms.CharField(label="该机关联系方式", required=False)
    search_scope = forms.CharField(label="检索范围", required=False)
    pages = forms.IntegerField(label="页数", required=False, min_value=1)


class DeliverForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=Delivery.choices)
    delivered_on = forms.DateField(label="送达日期（交邮之日/签收之日）", widget=DATE)
    proof = forms.CharField(label="送达凭证（邮件单号等）", required=False)


class WithdrawForm(forms.Form):
    on = forms.DateField(label="撤回日期", required=False, widget=DATE)
    note = forms.CharField(label="说明", required=False)


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecideForm(forms.Form):
    extension = forms.IntegerField(widget=forms.HiddenInput)
    approve = forms.TypedChoiceField(
        label="决定", choices=[("1", "同意延期"), ("0", "不同意")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="意见", required=False)


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=Remedy.Kind.choices)
    filed_on = forms.DateField(label="申请/起诉日期", widget=DATE)
    body = forms.CharField(label="复议机关/人民法院", required=False)
    reference = forms.CharField(label="案号", required=False)
    result = forms.ChoiceField(label="结果", choices=Remedy.Result.choices)
    decided_on = forms.DateField(label="审结日期", required=False, widget=DATE)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label="材料类型", choices=CaseAttachment.Kind.choices)
    file = forms.FileField(label="文件")
