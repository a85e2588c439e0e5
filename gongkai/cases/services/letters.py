"""Letters: editable, versioned templates; issuing (numbered, frozen, encrypted); rendering to
HTML, DOCX and PDF (spec §4).

Templates use the Django template language but are rendered with plain data only (dicts,
strings), never model instances, so an edited template cannot reach the database.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.html import escape

from gongkai.calendars.deadlines import format_day
from gongkai.cases.models import Application, Letter, LetterKind, LetterTemplate
from gongkai.cases.outcomes import Decision, WithholdReason
from gongkai.cases.remedy_clause import remedy_clause
from gongkai.cases.services.common import next_serial, today
from gongkai.core.audit import audit_record
from gongkai.core.crypto import decrypt, encrypt
from gongkai.core.documents import html_to_docx, html_to_pdf
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "letter_templates"
ENGINE = Engine(autoescape=True, debug=False)
KIND_CODES = {
    LetterKind.RECEIPT: "收",
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.ART35_REASONS: "理",
    LetterKind.ART35_DEADLINE: "迟",
    LetterKind.CONSULT_THIRD_PARTY: "征",
    LetterKind.CONSULT_CO_MAKER: "征",
    LetterKind.THIRD_PARTY_DISCLOSURE: "告",
    LetterKind.FEE: "费",
    LetterKind.REPLY: "复",
    LetterKind.TERMINATION: "终",
}


def default_body(kind: str) -> str:
    body = (TEMPLATE_DIR / f"{kind}.html").read_text(encoding="utf-8")
    return body + (TEMPLATE_DIR / "_signature.html").read_text(encoding="utf-8")


def letter_template_current(kind: str, organ=None) -> LetterTemplate:
    """The newest active template of ``kind`` for the organ (or its ancestors), else the
    default; the default is stored as version 1 the first time it is used."""
    candidates = (
        [organ, *reversed(list(organ.__class__.objects.filter(pk__in=organ.ancestor_ids())))]
        if organ
        else []
    )
    for owner in candidates:
        found = (
            LetterTemplate.objects.filter(kind=kind, organ=owner, is_active=True)
            .order_by("-version")
            .first()
        )
        if found:
            return found
    found = (
        LetterTemplate.objects.filter(kind=kind, organ=None, is_active=True)
        .order_by("-version")
        .first()
    )
    if found:
        return found
    template, _ = LetterTemplate.objects.get_or_create(
        kind=kind,
        organ=None,
        version=1,
        defaults={"title": LetterKind(kind).label, "body": default_body(kind)},
    )
    return template


@transaction.atomic
def letter_template_save(
    *, actor, kind: str, body: str, title: str = "", organ=None
) -> LetterTemplate:
    """Save an edited template as a new version (the old stays for letters that used it)."""
    if kind not in LetterKind.values:
        raise InvalidInput(f"未知文书类型：{kind}", field="kind")
    if actor is not None:
        allowed = user_can(actor, Capability.ORGAN_MANAGE, organ) if organ else actor.is_superuser
        if not allowed:
            raise NotAllowed("只有管理员可以修改文书模板")
    try:
        ENGINE.from_string(body)
    except TemplateSyntaxError as exc:
        raise InvalidInput(f"模板语法错误：{exc}", field="body") from None
    last = LetterTemplate.objects.filter(kind=kind, organ=organ).order_by("-version").first()
    if last is None and organ is None:
        last = letter_template_current(kind)
    template = LetterTemplate.objects.create(
        kind=kind,
        organ=organ,
        version=(last.version + 1) if last else 1,
        title=title or LetterKind(kind).label,
        body=body,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="letter_template.save",
        target=template,
        organ_id=organ.pk if organ else None,
        data={"kind": kind, "version": template.version},
    )
    return template


def chinese_date(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def case_context(case: Application, applicant: dict) -> dict:
    """Plain data for templates. ``applicant`` holds decrypted fields (the letter is addressed
    to the applicant); the caller got it through the audited selector or is the system."""
    organ = case.organ
    items = []
    for item in case.items.all():
        items.append(
            {
                "position": item.position,
                "description": item.description,
                "doc_number": item.doc_number,
                "decision": item.decision,
                "decision_label": Decision(item.decision).label if item.decision else "",
                "withhold_reason_label": WithholdReason(item.withhold_reason).label.split("（")[0]
                if item.withhold_reason
                else "",
                "basis": item.basis,
                "reasons": item.reasons,
                "location": item.location,
                "responsible_organ": item.responsible_organ,
                "responsible_contact": item.responsible_contact,
                "search_scope": item.search_scope,
                "provided": item.provided,
            }
        )
    return {
        "organ": {
            "name": organ.name,
            "short_name": organ.short_name,
            "office_name": organ.office_name,
            "office_address": organ.office_address,
            "office_phone": organ.office_phone,
            "office_hours": organ.office_hours,
            "office_email": organ.office_email,
        },
        "applicant": applicant,
        "case": {
            "number": case.number,
            "tracking_code": case.tracking_code,
            "received_on": chinese_date(case.received_on),
            "corrected_on": chinese_date(case.corrected_on),
            "correction_requested_on": chinese_date(case.correction_requested_on),
            "channel": case.get_channel_display(),
            "summary": case.summary,
            "items": items,
        },
    }


def render_letter_html(template: LetterTemplate, context: dict) -> str:
    return ENGINE.from_string(template.body).render(Context(context))


@transaction.atomic
def letter_issue(
    *,
    actor,
    case: Application,
    kind: str,
    applicant: dict,
    data: dict | None = None,
    on: date | None = None,
) -> Letter:
    """Render the current template for the case's organ and freeze the result."""
    on = on or today()
    template = letter_template_current(kind, case.organ)
    serial = next_serial(case.organ, on.year, f"letter:{KIND_CODES[LetterKind(kind)]}")
    number = f"{case.organ.short_name}公开{KIND_CODES[LetterKind(kind)]}〔{on.year}〕{serial}号"
    context = case_context(case, applicant)
    decisions = {i["decision"] for i in context["case"]["items"]}
    context.update(
        letter={"number": number, "date": chinese_date(on)},
        data=data or {},
        remedy_clause=remedy_clause(
            review_body=case.organ.review_body_name(),
            court=case.organ.court_name(),
            decided_on=on,
            review_first=bool(decisions & {Decision.WITHHOLD, Decision.PARTIAL}),
        ),
    )
    html = render_letter_html(template, context)
    letter = Letter.objects.create(
        application=case,
        kind=kind,
        template=template,
        number=number,
        title=template.title,
        issued_on=on,
        html_enc=encrypt(html),
        issued_by=actor,
    )
    audit_record(
        actor=actor,
        action="letter.issue",
        target=letter,
        organ_id=case.organ_id,
        data={"kind": kind, "template_version": template.version, "case": case.number},
    )
    return letter


# --- rendering an issued letter (callers check access and audit: cases.selectors) -------------


def letter_document_html(letter: Letter) -> str:
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        f"<title>{escape(letter.title)} {escape(letter.number)}</title></head><body>"
        f"{decrypt(letter.html_enc)}</body></html>"
    )


def letter_pdf(letter: Letter) -> bytes:
    return html_to_pdf(letter_document_html(letter))


def letter_docx(letter: Letter) -> bytes:
    return html_to_docx(decrypt(letter.html_enc))


def format_due(value: date) -> str:
    return format_day(value)
