"""Roles and what each may do — an explicit table, the single source of permissions.

A role is always held *in an organ* (``Membership``); with scope ``subtree`` it also covers the
organ's sub-organs (the district government's 政务公开办 supervising its departments and towns).
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    HANDLER = "handler", "经办人"
    SECTION_HEAD = "section_head", "科室负责人"
    LEADER = "leader", "分管领导"
    OGI_HEAD = "ogi_head", "公开办负责人"
    LEGAL = "legal", "法律顾问"
    PUBLISHER = "publisher", "信息发布员"
    SECRECY = "secrecy", "保密审查员"
    ADMIN = "admin", "管理员"


class Scope(models.TextChoices):
    ORGAN = "organ", "本机关"
    SUBTREE = "subtree", "本机关及下级机关"


class Capability(StrEnum):
    # 依申请公开
    CASE_VIEW = "case.view"
    CASE_REGISTER = "case.register"
    CASE_ASSIGN = "case.assign"
    CASE_HANDLE = "case.handle"
    CASE_REVIEW = "case.review"
    CASE_LEGAL_REVIEW = "case.legal_review"
    CASE_SIGN = "case.sign"
    CASE_APPROVE_EXTENSION = "case.approve_extension"
    # 主动公开
    DOCUMENT_VIEW = "document.view"
    DOCUMENT_DRAFT = "document.draft"
    DOCUMENT_REVIEW = "document.review"
    DOCUMENT_SECRECY_REVIEW = "document.secrecy_review"
    DOCUMENT_PUBLISH = "document.publish"
    # 年度报告
    REPORT_VIEW = "report.view"
    REPORT_COMPILE = "report.compile"
    REPORT_APPROVE = "report.approve"
    # 智能问答知识库 (FAQ, synonyms, dictionary) and search analytics
    FAQ_MANAGE = "faq.manage"
    # 管理
    DEADLINE_VIEW = "deadline.view"
    ORGAN_MANAGE = "organ.manage"
    STAFF_MANAGE = "staff.manage"
    CALENDAR_MANAGE = "calendar.manage"
    AUDIT_VIEW = "audit.view"


C = Capability
_ALL_STAFF = {C.DEADLINE_VIEW, C.REPORT_VIEW, C.DOCUMENT_VIEW}

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.HANDLER: frozenset(
        _ALL_STAFF
        | {C.CASE_VIEW, C.CASE_REGISTER, C.CASE_HANDLE, C.DOCUMENT_DRAFT, C.REPORT_COMPILE}
        | {C.FAQ_MANAGE}  # handlers answer citizens' questions and grow the FAQ
    ),
    Role.SECTION_HEAD: frozenset(
        _ALL_STAFF
        | {C.CASE_VIEW, C.CASE_REVIEW, C.DOCUMENT_DRAFT, C.DOCUMENT_REVIEW}
        | {C.FAQ_MANAGE}
    ),
    Role.LEADER: frozenset(
        _ALL_STAFF | {C.CASE_VIEW, C.CASE_SIGN, C.DOCUMENT_REVIEW, C.REPORT_APPROVE}
    ),
    Role.OGI_HEAD: frozenset(
        _ALL_STAFF
        | {
            C.CASE_VIEW,
            C.CASE_REGISTER,
            C.CASE_ASSIGN,
            C.CASE_APPROVE_EXTENSION,
            C.DOCUMENT_REVIEW,
            C.REPORT_COMPILE,
            C.AUDIT_VIEW,
            C.FAQ_MANAGE,
        }
    ),
    Role.LEGAL: frozenset(_ALL_STAFF | {C.CASE_VIEW, C.CASE_LEGAL_REVIEW}),
    Role.PUBLISHER: frozenset(_ALL_STAFF | {C.DOCUMENT_DRAFT, C.DOCUMENT_PUBLISH}),
    Role.SECRECY: frozenset(_ALL_STAFF | {C.DOCUMENT_SECRECY_REVIEW}),
    Role.ADMIN: frozenset(
        {C.DEADLINE_VIEW, C.ORGAN_MANAGE, C.STAFF_MANAGE, C.CALENDAR_MANAGE, C.AUDIT_VIEW}
    ),
}


def roles_with(capability: Capability) -> list[str]:
    return [role.value for role, caps in ROLE_CAPABILITIES.items() if capability in caps]
