"""Applicant identity checks (条例 第二十九条: 申请人的身份证明).

- 居民身份证号码 (GB 11643-1999): 17 digits of address code, birth date and sequence, then a
  check character: Σ aᵢ·Wᵢ mod 11 with Wᵢ = 2^(17−i) mod 11 → ``10X98765432``. The same scheme
  is used by 港澳台居民居住证 (address codes 810000/820000/830000).
- 统一社会信用代码: see ``gongkai.orgs.identifiers`` (GB 32100-2015).
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext as _

from gongkai.orgs.identifiers import credit_code_problem, normalise_credit_code

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    RESIDENCE_PERMIT = "residence_permit", "港澳台居民居住证"
    HK_MACAO_PASS = "hk_macao_pass", "港澳居民来往内地通行证"
    TAIWAN_PASS = "taiwan_pass", "台湾居民来往大陆通行证"
    PASSPORT = "passport", "护照"
    FOREIGNER_PR = "foreigner_pr", "外国人永久居留身份证"
    OTHER = "other", "其他有效身份证件"


def resident_id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def resident_id_problem(number: str, *, today: date | None = None) -> str | None:
    """None when valid, else a plain-Chinese reason naming the failed check."""
    number = number.strip().upper()
    if len(number) != 18:
        return _("身份证号码应为18位，当前为%(n)s位") % {"n": len(number)}
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return _("身份证号码前17位应为数字，最后一位为数字或X")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("身份证号码中的出生日期 %(date)s 无效") % {"date": number[6:14]}
    if born > (today or date.today()) or born.year < 1890:
        return _("身份证号码中的出生日期 %(date)s 不合理") % {"date": number[6:14]}
    expected = resident_id_check_char(number[:17])
    if number[17] != expected:
        return _("身份证号码校验位错误（GB 11643-1999：第18位应为%(char)s）") % {"char": expected}
    return None


def id_number_problem(id_type: str, number: str) -> str | None:
    number = (number or "").strip()
    if not number:
        return _("请填写证件号码")
    if id_type in (IdType.RESIDENT_ID, IdType.RESIDENCE_PERMIT):
        problem = resident_id_problem(number)
        if (
            problem is None
            and id_type == IdType.RESIDENCE_PERMIT
            and number[:2] not in ("81", "82", "83")
        ):
            return _("港澳台居民居住证号码应以81、82或83开头")
        return problem
    if len(number) < 5 or len(number) > 30:
        return _("证件号码长度不正确")
    return None


def organisation_code_problem(code: str) -> str | None:
    return credit_code_problem(normalise_credit_code(code))
