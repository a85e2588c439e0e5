"""Normalising the text of a published report, keeping the way back to the source.

Steps, each keeping a map from every output character to its source character so that every
figure's evidence is quoted from the report as published (traditional characters and all):

1. :func:`strip_pinyin_artefacts` — machine conversions left the pinyin of some characters in
   brackets (``區(qū)``, ``据（jù）``). A bracket is removed only when it directly follows a
   Chinese character and holds one valid pinyin syllable in lower case, so ``(PDF)``, ``(app)``
   and ``(区块指引)`` stay.
2. :func:`fold_width` — full-width ASCII (``（１）：，``) to half-width, ideographic and
   no-break spaces to spaces.
3. Years written in Chinese digits (``二〇二二年``) become Arabic (``2022年``).
4. :func:`to_simplified` — OpenCC ``t2s`` (character and phrase level, length-preserving in
   practice). ``tw2sp`` is deliberately not used: on mainland text converted by machine it
   rewrites words (文件 → 文档, 建立 → 创建) and would change the meaning of labels.

:func:`detect_script` calls a text traditional when OpenCC changes at least 2% of its Chinese
characters (simplified text is left almost untouched). :meth:`Text.compact` removes the
whitespace that PDF extraction puts inside words and labels (``不予 公开``, ``2020 年``) — any
whitespace next to a Chinese character or Chinese punctuation — but keeps the space between two
numbers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
# Chinese characters and the punctuation of Chinese text (not ASCII punctuation).
WIDE = f"{CJK}\u3000-\u303f\uff00-\uffef\u2010-\u206f"

_INITIALS = [
    "b",
    "p",
    "m",
    "f",
    "d",
    "t",
    "n",
    "l",
    "g",
    "k",
    "h",
    "j",
    "q",
    "x",
    "zh",
    "ch",
    "sh",
    "r",
    "z",
    "c",
    "s",
    "y",
    "w",
]
_FINALS = [
    "a",
    "o",
    "e",
    "ai",
    "ei",
    "ao",
    "ou",
    "an",
    "en",
    "ang",
    "eng",
    "ong",
    "er",
    "i",
    "ia",
    "ie",
    "iao",
    "iu",
    "ian",
    "in",
    "iang",
    "ing",
    "iong",
    "u",
    "ua",
    "uo",
    "uai",
    "ui",
    "uan",
    "un",
    "uang",
    "ueng",
    "v",
    "ve",
    "van",
    "vn",
    "ue",
]
PINYIN_SYLLABLES = frozenset(
    [f for f in _FINALS if f[0] in "aoe"] + [i + f for i in _INITIALS for f in _FINALS]
)
_TONES = str.maketrans(
    "āáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜüńňǹḿ",
    "aaaaooooeeeeiiiiuuuuvvvvvnnnm",
)
_PINYIN_RE = re.compile(f"(?<=[{CJK}])[(（]([a-zāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜüńňǹ]{{1,6}})[)）]")


def is_pinyin_syllable(text: str) -> bool:
    plain = text.translate(_TONES)
    return plain in PINYIN_SYLLABLES or plain in ("n", "ng", "m", "hm", "hng")


@dataclass
class Text:
    """Normalised text with ``origin[i]`` = index in ``source`` of ``text[i]``."""

    text: str
    origin: list[int]
    source: str

    @classmethod
    def of(cls, source: str) -> Text:
        return cls(source, list(range(len(source))), source)

    def snippet(self, start: int, end: int) -> str:
        """The source text behind ``text[start:end]``, whitespace collapsed."""
        if end <= start or not self.origin:
            return ""
        first = self.origin[start]
        last = self.origin[min(end, len(self.origin)) - 1]
        return re.sub(r"\s+", " ", self.source[first : last + 1]).strip()

    def keep(self, spans: list[tuple[int, int]], separators: list[str] | None = None) -> Text:
        """Only ``text[a:b]`` for each span, each after its separator (default a newline)."""
        chars: list[str] = []
        origin: list[int] = []
        for index, (a, b) in enumerate(spans):
            if b <= a:
                continue
            if chars:
                separator = separators[index] if separators else "\n"
                chars.append(separator)
                origin.extend([self.origin[a]] * len(separator))
            chars.append(self.text[a:b])
            origin.extend(self.origin[a:b])
        return Text("".join(chars), origin, self.source)

    def drop(self, pattern: re.Pattern, keep_group: int | None = None) -> Text:
        """Remove every match of ``pattern`` (or all of it but group ``keep_group``)."""
        pieces: list[tuple[int, int]] = []
        position = 0
        for match in pattern.finditer(self.text):
            if keep_group is not None:
                pieces.append((position, match.start()))
                pieces.append(match.span(keep_group))
            else:
                pieces.append((position, match.start()))
            position = match.end()
        pieces.append((position, len(self.text)))
        text = "".join(self.text[a:b] for a, b in pieces)
        origin = [i for a, b in pieces for i in self.origin[a:b]]
        return Text(text, origin, self.source)

    def translate(self, converted: str) -> Text:
        """The same characters one for one (width folding, t2s)."""
        assert len(converted) == len(self.text)
        return Text(converted, self.origin, self.source)

    def compact(self) -> Text:
        """Whitespace next to a Chinese character or Chinese punctuation removed; other runs of
        spaces and tabs become one space (newlines between numbers stay)."""
        return self.drop(_WIDE_SPACE_RE).drop(_SPACE_RUN_RE, keep_group=1)


_WIDE_SPACE_RE = re.compile(f"(?<=[{WIDE}])\\s+|\\s+(?=[{WIDE}])")
_SPACE_RUN_RE = re.compile(r"([ \t\n])[ \t\n]+")


def strip_pinyin_artefacts(text: Text) -> Text:
    def spans():
        for match in _PINYIN_RE.finditer(text.text):
            if is_pinyin_syllable(match.group(1)):
                yield match

    matches = list(spans())
    if not matches:
        return text
    pieces: list[tuple[int, int]] = []
    position = 0
    for match in matches:
        pieces.append((position, match.start()))
        position = match.end()
    pieces.append((position, len(text.text)))
    return Text(
        "".join(text.text[a:b] for a, b in pieces),
        [i for a, b in pieces for i in text.origin[a:b]],
        text.source,
    )


def _fold_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff":
        return " "
    if ch in "\u2212\u2013":  # minus sign, en dash
        return "-"
    return ch


_FOLD_TABLE = {code: _fold_char(chr(code)) for code in range(0xFF01, 0xFF5F)}
_FOLD_TABLE.update(
    {ord(ch): _fold_char(ch) for ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\u2212\u2013"}
)


def fold_width(text: Text) -> Text:
    return text.translate(text.text.translate(_FOLD_TABLE))


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: Text) -> Text:
    converted = _t2s().convert(text.text)
    if len(converted) == len(text.text):
        return text.translate(converted)
    # A phrase changed length (rare): convert line by line, padding or trimming each line so
    # that the map back to the source stays valid.
    lines = text.text.split("\n")
    out = []
    for line in lines:
        new = _t2s().convert(line)
        out.append(new[: len(line)].ljust(len(line)) if len(new) != len(line) else new)
    return text.translate("\n".join(out))


def detect_script(text: str) -> str:
    """``"traditional"`` or ``"simplified"`` (see the module docstring)."""
    chinese = CJK_RE.findall(text)
    if not chinese:
        return "simplified"
    sample = "".join(chinese)
    converted = _t2s().convert(sample)
    changed = (
        sum(1 for a, b in zip(sample, converted, strict=True) if a != b)
        if len(converted) == len(sample)
        else len(sample)
    )
    return "traditional" if changed >= 3 and changed / len(sample) >= 0.02 else "simplified"


def normalise(source: str) -> tuple[Text, str]:
    """(normalised text, script) of a decoded report."""
    source = unicodedata.normalize("NFC", source)
    text = strip_pinyin_artefacts(Text.of(source))
    text = fold_width(text)
    script = detect_script(text.text)
    if script == "traditional":
        text = to_simplified(text)
    text = text.translate(_CHINESE_YEAR_RE.sub(_arabic_year, text.text))
    return text, script


# 二〇二二年 → 2022年 (four characters for four digits: the map to the source stays valid).
_CHINESE_YEAR_RE = re.compile(
    r"(?<![〇零一二三四五六七八九十百千万])([一二][〇零九][〇零一二三四五六七八九]{2})(?=\s*年)"
)
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _arabic_year(match: re.Match) -> str:
    return match.group(1).translate(_YEAR_DIGITS)
