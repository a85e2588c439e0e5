"""Numbers as published reports write them (数字的写法).

Reports state figures in Arabic digits (``964``, ``1,062``, ``１０６２`` after width folding),
with a magnitude (``1.17万`` = 11,700, ``8千``, ``3.8亿``), in Chinese numerals (``一千零六十二``,
``两百``, ``十二``, ``〇``), and approximately (``15184余``, ``近400``, ``超2万``). Pure functions;
:func:`parse_quantity` returns ``None`` for anything that is not a number, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}  # fmt: skip
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"

ARABIC = r"\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A figure in running text: Arabic (with an optional 万/亿) or a run of Chinese numerals.
NUMBER = rf"(?:(?:{ARABIC})\s*[千万亿]?|[{CHINESE_NUMERAL_CHARS}]+)"
NUMBER_RE = re.compile(NUMBER)
# Words that make a figure approximate when they stand before or after it.
APPROX_BEFORE = ("近", "约", "超", "超过", "逾", "达", "大约")
APPROX_AFTER = ("余", "多", "左右", "以上", "多个")


@dataclass(frozen=True)
class Quantity:
    value: int | Decimal
    approximate: bool = False


def parse_chinese_numeral(text: str) -> int | None:
    """``一千零六十二`` → 1062, ``两百`` → 200, ``十二`` → 12, ``三万五千`` → 35000,
    ``一二三`` (digit by digit) → 123. ``None`` when ``text`` is not a numeral."""
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return DIGITS[text]
        return int("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # two digits in a row inside a positional numeral
            digit = DIGITS[ch] if DIGITS[ch] != 0 else None
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * BIG_UNITS[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def parse_number(text: str) -> int | Decimal | None:
    """One number: ``1,062`` → 1062, ``1.17万`` → 11700, ``0.5`` → Decimal('0.5'),
    ``一千零六十二`` → 1062, ``-2`` / ``+3`` (本年增/减) keep their sign. Whole results are ints."""
    text = text.strip().replace(" ", "")
    if not text:
        return None
    sign = 1
    if text[0] in "+-−－":
        sign = -1 if text[0] != "+" else 1
        text = text[1:]
    chinese = parse_chinese_numeral(text)
    if chinese is not None:
        return sign * chinese
    multiplier = 1
    magnitudes = {"千": 1000, **BIG_UNITS}
    if text[-1] in magnitudes and len(text) > 1:
        multiplier = magnitudes[text[-1]]
        text = text[:-1]
    if not re.fullmatch(ARABIC, text):
        return None
    try:
        value = Decimal(text.replace(",", "").replace("，", "")) * multiplier
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None
    value *= sign
    return int(value) if value == value.to_integral_value() else value


def parse_quantity(text: str, before: str = "", after: str = "") -> Quantity | None:
    """A number with the words around it: ``before`` ends just before, ``after`` starts just
    after. ``近400`` / ``15184余`` / ``超2万`` are approximate."""
    value = parse_number(text)
    if value is None:
        return None
    approximate = before.endswith(APPROX_BEFORE) or after.startswith(APPROX_AFTER)
    return Quantity(value, approximate)
