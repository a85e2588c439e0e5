"""Identifier checks: 统一社会信用代码 (GB 32100-2015).

The 18th character is a check character over the first 17, in a 31-character alphabet that omits
I, O, Z, S and V: weights 3^(i) mod 31, check = 31 − (Σ value×weight mod 31), 31 → 0.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_ALPHABET.index(ch) * w
        for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str | None:
    """None when valid, else the reason in plain Chinese, or in the active language (names the
    failed check)."""
    if len(code) != 18:
        return _("统一社会信用代码应为18位，当前为%(n)s位") % {"n": len(code)}
    bad = [ch for ch in code if ch not in CREDIT_CODE_ALPHABET]
    if bad:
        return _("统一社会信用代码含有不允许的字符“%(char)s”（不使用I、O、Z、S、V）") % {
            "char": bad[0]
        }
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return _("统一社会信用代码校验位错误（GB 32100-2015：第18位应为%(char)s）") % {
            "char": expected
        }
    return None


def normalise_credit_code(code: str) -> str:
    return code.strip().upper().replace(" ", "")
