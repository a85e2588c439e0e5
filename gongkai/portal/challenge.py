"""A self-hosted human check that works offline and without JavaScript: a small sum written in
Chinese numerals, signed (HMAC) with its answer and issue time, usable once; plus a minimum time
to fill the form. Screen-reader friendly (plain text), no third-party service."""

from __future__ import annotations

import secrets
import time

from django.core import signing
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

NUMERALS = "零一二三四五六七八九十"
NUMBER_WORDS = {  # the sum in the visitor's language: in words, so a script cannot just eval it
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
}
SALT = "gongkai.portal.challenge"
MIN_SECONDS = 3
MAX_AGE = 2 * 3600


def new_challenge() -> tuple[str, str]:
    """(question, token)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    token = signing.dumps({"s": a + b, "t": time.time(), "n": secrets.token_hex(8)}, salt=SALT)
    words = NUMBER_WORDS.get(get_language() or "", NUMERALS)
    question = _("请计算：%(a)s加%(b)s等于多少？（请填写阿拉伯数字）") % {
        "a": words[a],
        "b": words[b],
    }
    return question, token


def check_challenge(token: str, answer: str) -> str | None:
    """None when passed, else the reason (for a field error)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return _("验证已过期，请重新计算下面的题目")
    if time.time() - data["t"] < MIN_SECONDS:
        return _("提交过快，请核对填写的内容后再提交")
    if not cache.add(f"challenge-used:{data['n']}", 1, timeout=MAX_AGE):
        return _("验证已使用，请重新计算下面的题目")
    if (answer or "").strip() != str(data["s"]):
        return _("计算结果不正确，请重新填写")
    return None
