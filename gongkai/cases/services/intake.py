"""Intake (条例 第二十九条、第三十一条): registering or submitting an application, confirming its
receipt date, issuing the receipt (回执)."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.calendars.services import deadline_track
from gongkai.cases.identity import IdType, id_number_problem, organisation_code_problem
from gongkai.cases.models import (
    Applicant,
    ApplicantType,
    Application,
    Channel,
    Delivery,
    Item,
    LetterKind,
    PreferredForm,
)
from gongkai.cases.models.application import CONFIRMED_CHANNELS
from gongkai.cases.services.common import (
    event,
    lock,
    new_tracking_code,
    next_serial,
    require,
    stamp,
    sync_reply_deadline,
    today,
)
from gongkai.cases.services.letters import chinese_date, format_due, letter_issue
from gongkai.core.crypto import (
    blind_index,
    encrypt,
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_identifier,
)
from gongkai.core.errors import Conflict, InvalidInput
from gongkai.orgs.identifiers import normalise_credit_code
from gongkai.orgs.roles import Capability


@dataclass
class ApplicantData:
    """Who applies (第二十九条第二款第一项: 姓名或者名称、身份证明、联系方式)."""

    applicant_type: str
    name: str = ""  # natural person's name
    id_type: str = IdType.RESIDENT_ID
    id_number: str = ""
    organisation_name: str = ""
    credit_code: str = ""
    legal_representative: str = ""
    contact_person: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""

    @property
    def is_person(self) -> bool:
        return self.applicant_type == ApplicantType.NP

    @property
    def display_name(self) -> str:
        return self.name if self.is_person else self.organisation_name

    def plain(self) -> dict:
        """Decrypted form used to address letters."""
        return {
            "name": self.display_name,
            "address": self.address,
            "postcode": self.postcode,
            "is_organisation": not self.is_person,
        }


@dataclass
class ItemData:
    description: str
    doc_number: str = ""


@dataclass
class Submission:
    applicant: ApplicantData
    items: Sequence[ItemData]
    channel: str
    preferred_form: str = PreferredForm.ANY
    delivery_method: str = Delivery.POST
    extra: dict = field(default_factory=dict)


def validate_submission(sub: Submission) -> dict[str, list[str]]:
    """Field errors, keyed by field name (empty when valid). Every check names itself."""
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    a = sub.applicant
    if a.applicant_type not in ApplicantType.values:
        add("applicant_type", _("请选择申请人类型"))
    if sub.channel not in Channel.values:
        add("channel", _("请选择提交方式"))
    if a.is_person:
        if not a.name.strip():
            add("name", _("请填写申请人姓名"))
        if a.id_type not in IdType.values:
            add("id_type", _("请选择身份证件类型"))
        else:
            problem = id_number_problem(a.id_type, a.id_number)
            if problem:
                add("id_number", problem)
    else:
        if not a.organisation_name.strip():
            add("organisation_name", _("请填写法人或者其他组织的名称"))
        problem = organisation_code_problem(a.credit_code or "")
        if not (a.credit_code or "").strip():
            add("credit_code", _("请填写统一社会信用代码"))
        elif problem:
            add("credit_code", problem)
        if not a.legal_representative.strip():
            add("legal_representative", _("请填写法定代表人或者主要负责人"))
        if not a.contact_person.strip():
            add("contact_person", _("请填写联系人"))
    if not (a.phone.strip() or a.email.strip() or a.address.strip()):
        add("phone", _("请至少填写一种联系方式（电话、电子邮箱或通信地址）"))
    if a.phone.strip() and len(normalise_identifier(a.phone)) < 7:
        add("phone", _("联系电话格式不正确"))
    if a.email.strip() and "@" not in a.email:
        add("email", _("电子邮箱格式不正确"))
    if a.postcode.strip() and not (a.postcode.isdigit() and len(a.postcode) == 6):
        add("postcode", _("邮政编码应为6位数字"))
    if sub.delivery_method == Delivery.POST and not a.address.strip():
        add("address", _("选择邮寄送达时请填写通信地址"))
    if sub.delivery_method == Delivery.EMAIL and not a.email.strip():
        add("email", _("选择电子邮件送达时请填写电子邮箱"))
    if sub.preferred_form not in PreferredForm.values:
        add("preferred_form", _("请选择获取信息的形式"))
    if sub.delivery_method not in Delivery.values:
        add("delivery_method", _("请选择获取信息的方式"))
    descriptions = [i for i in sub.items if i.description.strip()]
    if not descriptions:
        add("items", _("请描述所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    elif any(len(i.description.strip()) < 4 for i in descriptions):
        add("items", _("所需信息的描述过于简略，请写明名称、文号或其他特征"))
    if len(descriptions) > 50:
        add("items", _("一份申请最多填写50项所需信息"))
    return errors


def _normalise(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isalnum())


def _possible_repeat(organ, applicant_key: str, items: Sequence[ItemData]) -> Application | None:
    """Same applicant, same content → flag for 不予重复处理 (第三十六条第六项); the handler decides."""
    if not applicant_key:
        return None
    wanted = "|".join(_normalise(i.description) for i in items)
    earlier = (
        Application.objects.filter(organ=organ, applicant_key=applicant_key)
        .order_by("-created_at")
        .prefetch_related("items")[:50]
    )
    for case in earlier:
        text = "|".join(_normalise(i.description) for i in case.items.all())
        if text and difflib.SequenceMatcher(None, wanted, text).ratio() >= 0.9:
            return case
    return None


def _receipt_date(channel: str, submitted_at: datetime, received_on: date | None) -> date | None:
    """条例 第三十一条: in person → the day of submission; signed post → the day of signing
    (given by staff); unsigned post, online, e-mail, fax → the day both sides confirm
    (``received_on`` when already confirmed, else pending)."""
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return received_on or timezone.localtime(submitted_at).date()
    return received_on


@transaction.atomic
def application_register(
    *,
    actor,
    organ,
    submission: Submission,
    submitted_at: datetime | None = None,
    received_on: date | None = None,
    receipt_note: str = "",
    at: datetime | None = None,
) -> Application:
    """Register an application (staff intake) or take one submitted online (``actor=None``)."""
    if actor is not None:
        from gongkai.orgs.selectors import user_can

        if not user_can(actor, Capability.CASE_REGISTER, organ):
            from gongkai.core.errors import NotAllowed

            raise NotAllowed("您无权为该机关登记申请")
    errors = validate_submission(submission)
    submitted_at = submitted_at or stamp(at, actor)
    if submission.channel == Channel.POST_SIGNED and received_on is None and not errors:
        errors["received_on"] = ["邮寄申请须填写签收日期（条例第三十一条第二项）"]
    if received_on and received_on > timezone.localdate():
        errors.setdefault("received_on", []).append("收到日期不能晚于今天")
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(messages[0], field=field, errors=errors)

    a = submission.applicant
    items = [i for i in submission.items if i.description.strip()]
    key_source = a.id_number if a.is_person else normalise_credit_code(a.credit_code)
    applicant_key = blind_index(key_source, purpose="applicant")
    year = (received_on or timezone.localtime(submitted_at).date()).year
    case = Application.objects.create(
        number=f"依申〔{year}〕{next_serial(organ, year, 'case')}号",
        tracking_code=new_tracking_code(),
        organ=organ,
        handling_organ=organ,
        channel=submission.channel,
        submitted_at=submitted_at,
        received_on=_receipt_date(submission.channel, submitted_at, received_on),
        receipt_note=receipt_note[:300],
        applicant_type=a.applicant_type,
        applicant_key=applicant_key,
        preferred_form=submission.preferred_form,
        delivery_method=submission.delivery_method,
        summary=items[0].description.strip()[:80]
        + (f" 等{len(items)}项" if len(items) > 1 else ""),
    )
    Applicant.objects.create(
        application=case,
        name_enc=encrypt(a.display_name.strip()),
        name_masked=mask_name(a.name.strip()) if a.is_person else a.organisation_name.strip(),
        id_type=a.id_type if a.is_person else "",
        id_number_enc=encrypt(a.id_number.strip().upper()) if a.is_person else "",
        id_number_masked=mask_id_number(a.id_number) if a.is_person else "",
        organisation_name="" if a.is_person else a.organisation_name.strip(),
        credit_code="" if a.is_person else normalise_credit_code(a.credit_code),
        legal_representative_enc=encrypt(a.legal_representative.strip()),
        contact_person_enc=encrypt(a.contact_person.strip()),
        phone_enc=encrypt(a.phone.strip()),
        phone_masked=mask_phone(a.phone) if a.phone.strip() else "",
        phone_index=blind_index(a.phone, purpose="phone"),
        email_enc=encrypt(a.email.strip()),
        address_enc=encrypt(a.address.strip()),
        postcode=a.postcode.strip(),
    )
    Item.objects.bulk_create(
        [
            Item(
                application=case,
                position=n,
                description=i.description.strip(),
                doc_number=i.doc_number.strip(),
            )
            for n, i in enumerate(items, start=1)
        ]
    )
    repeat = _possible_repeat(organ, applicant_key, items)
    channel_label = Channel(submission.channel).label
    event(
        case,
        actor=actor,
        action="register",
        label="网上提交" if actor is None else "登记",
        at=at,
        to_state=case.state,
        data={"channel": submission.channel, "items": len(items)},
    )
    if repeat is not None and repeat.pk != case.pk:
        case.possible_repeat_of = repeat
        case.save(update_fields=["possible_repeat_of"])
        event(
            case,
            actor=None,
            action="repeat_flag",
            label="疑似重复申请",
            at=at,
            note=f"与 {repeat.number} 的申请人和内容相同，请审查是否不予重复处理（第三十六条第六项）",
        )
    if case.received_on:
        _start_clocks(case, actor=actor, applicant=a.plain(), at=at)
    else:
        event(
            case,
            actor=None,
            action="await_confirmation",
            label="待确认收到日期",
            at=at,
            note=f"{channel_label}提交的申请，以双方确认之日为收到申请之日（条例第三十一条）",
        )
    return case


def _start_clocks(case: Application, *, actor, applicant: dict, at: datetime | None) -> None:
    case.correction_deadline = deadline_track(
        rule="correction_notice",
        start=case.received_on,
        jurisdiction=case.organ.jurisdiction,
        subject=case,
        label=f"{case.number} 补正告知期限",
    )
    case.save(update_fields=["correction_deadline"])
    sync_reply_deadline(case, reason="收到申请")
    letter_issue(
        actor=actor,
        case=case,
        kind=LetterKind.RECEIPT,
        applicant=applicant,
        data={"reply_due": format_due(case.reply_deadline.due)},
        on=at.date() if at else None,
    )


@transaction.atomic
def application_confirm_receipt(
    *,
    actor,
    case: Application,
    confirmed_on: date | None = None,
    note: str = "",
    at: datetime | None = None,
) -> Application:
    """Record the day both sides confirmed receipt (平常信函、网上、电子邮件、传真); the clocks
    start from it (spec §8 edge cases 1–2: misrouted mail counts from the OGI office's receipt;
    an unreachable applicant's clock starts on re-contact)."""
    case = lock(case)
    require(actor, case, Capability.CASE_REGISTER)
    if case.received_on is not None:
        raise Conflict(f"该申请的收到日期已确定为{chinese_date(case.received_on)}")
    confirmed_on = confirmed_on or today()
    if confirmed_on < timezone.localtime(case.submitted_at).date():
        raise InvalidInput("确认日期不能早于提交日期", field="confirmed_on")
    if confirmed_on > timezone.localdate():
        raise InvalidInput("确认日期不能晚于今天", field="confirmed_on")
    case.received_on = confirmed_on
    case.version += 1
    case.save(update_fields=["received_on", "version", "updated_at"])
    event(
        case,
        actor=actor,
        action="confirm_receipt",
        label="确认收到申请",
        at=at,
        note=note or f"双方确认之日：{chinese_date(confirmed_on)}",
        data={"confirmed_on": confirmed_on.isoformat()},
    )
    from gongkai.cases.selectors import applicant_for_letters

    _start_clocks(case, actor=actor, applicant=applicant_for_letters(case), at=at)
    return case


def channel_needs_confirmation(channel: str) -> bool:
    return channel in CONFIRMED_CHANNELS


@transaction.atomic
def application_submit_online(
    *,
    organ,
    submission: Submission,
    identity: tuple[bytes, str] | None = None,
    at: datetime | None = None,
) -> Application:
    """A citizen's online application (portal or API). The platform's immediate electronic receipt
    is the confirmation of 条例 第三十一条第三项 when ``ONLINE_AUTO_CONFIRM`` is on (the default,
    [U]); otherwise the OGI office confirms. One applicant may submit a limited number a day."""
    from django.conf import settings

    from gongkai.cases.models import CaseAttachment
    from gongkai.cases.services.handling import attachment_add

    config = settings.GONGKAI
    submission.channel = Channel.ONLINE
    errors = validate_submission(submission)
    if config["ONLINE_REQUIRE_IDENTITY"] and identity is None:
        errors.setdefault("identity_document", []).append(
            _("请上传身份证明材料（身份证或营业执照等的照片或扫描件）")
        )
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(messages[0], field=field, errors=errors)
    a = submission.applicant
    key_source = a.id_number if a.is_person else normalise_credit_code(a.credit_code)
    if key_source:
        today_count = Application.objects.filter(
            applicant_key=blind_index(key_source, purpose="applicant"),
            channel=Channel.ONLINE,
            submitted_at__date=timezone.localdate(),
        ).count()
        if today_count >= config["ONLINE_DAILY_LIMIT"]:
            raise InvalidInput(
                f"同一申请人每天最多可在网上提交{config['ONLINE_DAILY_LIMIT']}份申请，请明天再提交或联系政府信息公开工作机构",
                field="__all__",
                code="too_many",
            )
    case = application_register(
        actor=None,
        organ=organ,
        submission=submission,
        at=at,
        received_on=timezone.localdate() if config["ONLINE_AUTO_CONFIRM"] else None,
    )
    if identity is not None:
        attachment_add(
            actor=None,
            case=case,
            kind=CaseAttachment.Kind.IDENTITY,
            data=identity[0],
            filename=identity[1],
        )
    return case
