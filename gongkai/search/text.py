"""The Chinese text pipeline (pure: no ORM).

- ``normalise``: NFKC (full-width → half-width), lower case, any whitespace → one space,
  traditional → simplified (OpenCC ``t2s``). It keeps the length of the text, so offsets found
  in the normalised text are offsets in the original: snippets are cut and highlighted on the
  original text.
- ``Segmenter``: rjieba with the domain dictionary (``data/dictionary.txt`` plus staff terms);
  documents are cut in search mode (``cut_for_search``: 住房公积金 → 住房/公积/公积金/…), queries
  in precise mode.
- Document numbers (发文字号) — ``青山府规〔2024〕3号`` written with 〔〕 [] () （） 【】 ［］ — are
  recognised and reduced to one canonical form, indexed as an exact token.
- ``analyse_query``: stop words dropped, synonyms expanded (社保 = 社会保险).
- ``highlight``: a snippet of the original text with the query's words in ``<mark>``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path

import opencc
import rjieba

DATA_DIR = Path(__file__).resolve().parent / "data"

# --- Normalisation ---------------------------------------------------------------------------

_WHITESPACE = re.compile(r"\s")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _char_fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch)
    if len(folded) != 1:
        return ch
    folded = folded.lower()
    if len(folded) != 1:
        return ch
    return " " if _WHITESPACE.match(folded) else folded


def normalise(text: str) -> str:
    """Full/half width, case, whitespace and traditional characters folded, length kept."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) != len(text):  # a character expanded (ligature, ㈠…): fold char by char
        folded = "".join(_char_fold(ch) for ch in text)
    folded = _WHITESPACE.sub(" ", folded)
    simplified = _t2s().convert(folded)
    if len(simplified) != len(folded):  # a phrase mapping changed the length: go char by char
        convert = _t2s().convert
        simplified = "".join(c if len(c := convert(ch)) == 1 else ch for ch in folded)
    return simplified


# --- Document numbers (发文字号) ---------------------------------------------------------------

_OPEN = "〔[(（【［〖<〈《"
_CLOSE = "〕])）】］〗>〉》"
DOC_NUMBER_RE = re.compile(
    r"([\u4e00-\u9fff]{2,12})\s*["
    + re.escape(_OPEN)
    + r"]\s*((?:19|20)\d{2})\s*["
    + re.escape(_CLOSE)
    + r"]\s*第?\s*0*(\d{1,5})\s*号"
)
# Words that precede a document number in running text but are not part of it.
_LEADING = re.compile(
    r"^(?:根据|依据|按照|参照|关于|印发|转发|废止|执行|落实|贯彻|对|即|见|和|及|与|的|是|为|原|《)+"
)
_MAX_PREFIX = 8


@dataclass(frozen=True)
class DocNumber:
    start: int
    end: int
    prefix: str
    year: str
    serial: str

    @property
    def canonical(self) -> str:
        return canonical_doc_number(self.prefix, self.year, self.serial)

    def candidates(self) -> list[str]:
        """Canonical forms for the prefix and its shorter tails (longest first): in running
        text the words before a number cannot always be told from its prefix."""
        prefix = self.prefix[-_MAX_PREFIX:]
        return [
            canonical_doc_number(prefix[i:], self.year, self.serial)
            for i in range(0, max(len(prefix) - 1, 1))
        ]


def canonical_doc_number(prefix: str, year: str, serial: str) -> str:
    return f"{prefix}〔{year}〕{int(serial)}号"


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Document numbers in (normalised) text, with their spans."""
    found = []
    for match in DOC_NUMBER_RE.finditer(text):
        prefix = match.group(1)
        trimmed = _LEADING.sub("", prefix)
        start = match.start(1) + (len(prefix) - len(trimmed))
        if len(trimmed) < 2:
            continue
        found.append(DocNumber(start, match.end(), trimmed, match.group(2), match.group(3)))
    return found


def normalise_doc_number(value: str) -> str:
    """The canonical form of one document number, or "" when it is not one."""
    numbers = find_doc_numbers(normalise(value.strip()))
    return numbers[0].canonical if numbers else ""


def doc_number_token(canonical: str) -> str:
    """An ASCII token standing for one canonical document number in every index backend."""
    return "dnx" + hashlib.sha1(canonical.encode()).hexdigest()[:14]


def doc_number_tokens(text: str) -> list[str]:
    """Exact tokens for every document number mentioned in ``text`` (normalised), including
    the shorter-prefix readings, so a mention matches however the query writes the prefix."""
    tokens: list[str] = []
    for number in find_doc_numbers(text):
        tokens.extend(doc_number_token(c) for c in number.candidates())
    return list(dict.fromkeys(tokens))


# --- Segmentation -----------------------------------------------------------------------------

_WORDLIKE = re.compile(r"[0-9a-z\u3400-\u9fff\uf900-\ufaff]")
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "着",
        "过",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "哦",
        "嘛",
        "么",
        "哈",
        "的话",
        "之",
        "其",
        "所",
        "以",
        "而",
        "且",
        "并",
        "或",
        "或者",
        "和",
        "与",
        "及",
        "以及",
        "跟",
        "同",
        "我",
        "我们",
        "你",
        "你们",
        "您",
        "他",
        "她",
        "它",
        "他们",
        "咱",
        "咱们",
        "自己",
        "大家",
        "本人",
        "家里",
        "俺",
        "想",
        "想要",
        "要",
        "请",
        "请问",
        "问",
        "问问",
        "问下",
        "问一下",
        "一下",
        "咨询",
        "了解",
        "知道",
        "告诉",
        "麻烦",
        "谢谢",
        "你好",
        "您好",
        "怎么",
        "怎么样",
        "怎样",
        "如何",
        "咋",
        "咋办",
        "怎么办",
        "什么",
        "啥",
        "哪",
        "哪里",
        "哪儿",
        "哪些",
        "哪个",
        "哪家",
        "多少",
        "几",
        "几个",
        "多久",
        "是否",
        "是不是",
        "有没有",
        "能不能",
        "可不可以",
        "会不会",
        "是",
        "在",
        "有",
        "没",
        "没有",
        "不",
        "能",
        "能否",
        "可以",
        "可",
        "会",
        "该",
        "应该",
        "需要",
        "需",
        "得",
        "给",
        "被",
        "把",
        "对",
        "向",
        "从",
        "到",
        "去",
        "来",
        "就",
        "都",
        "也",
        "还",
        "又",
        "再",
        "才",
        "只",
        "很",
        "太",
        "最",
        "这",
        "那",
        "这个",
        "那个",
        "这些",
        "那些",
        "这样",
        "那样",
        "此",
        "该",
        "个",
        "些",
        "种",
        "一",
        "一个",
        "上",
        "下",
        "中",
        "里",
        "内",
        "时",
        "时候",
        "现在",
        "今年",
        "目前",
        "一些",
        "有关",
        "相关",
        "关于",
        "方面",
        "情况",
        "问题",
        "事",
        "事情",
        "东西",
        "比如",
        "例如",
        "等",
        "等等",
    ]
)


class Segmenter:
    """rjieba with extra words. One instance per dictionary version (``services`` caches it)."""

    def __init__(self, words: Iterable[tuple[str, int, str]] = ()):
        self._jieba = rjieba.Jieba()
        for word, freq, tag in words:
            self._jieba.add_word(word, freq, tag or "n")

    @staticmethod
    def _keep(token: str) -> bool:
        return bool(_WORDLIKE.search(token))

    def index_tokens(self, text: str) -> list[str]:
        """Search-mode tokens of normalised text, plus exact document-number tokens."""
        return self.cut_for_search(text) + doc_number_tokens(text)

    def index_text(self, text: str) -> str:
        return " ".join(self.index_tokens(text))

    def cut(self, text: str) -> list[str]:
        return [t.strip() for t in self._jieba.cut(text) if self._keep(t)]

    def cut_for_search(self, text: str) -> list[str]:
        """jieba's search mode adds only the 2- and 3-character dictionary words inside a long
        word; the longer ones are added here too (社会保险费 → … 社会保险)."""
        keep = _WORDLIKE.search
        out = [t for t in self._jieba.cut_for_search(text) if keep(t)]
        has_word = self._jieba.has_word
        extra = [
            token[i : i + size]
            for token in out
            if len(token) >= 5
            for size in range(4, len(token))
            for i in range(len(token) - size + 1)
            if has_word(token[i : i + size])
        ]
        return out + extra

    def tokenize(self, text: str, mode: str = "search") -> list[tuple[str, int, int]]:
        return [t for t in self._jieba.tokenize(text, mode) if self._keep(t[0])]


def load_dictionary_file(path: Path | None = None) -> list[tuple[str, int, str]]:
    """``word [freq [tag]]`` per line; ``#`` starts a comment."""
    path = path or DATA_DIR / "dictionary.txt"
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        freq = int(parts[1]) if len(parts) > 1 else 20000
        entries.append((normalise(parts[0]), freq, parts[2] if len(parts) > 2 else "n"))
    return entries


def parse_synonym_line(line: str) -> list[str]:
    """``社保 = 社会保险, 社会保障`` (any of = , ， 、 and spaces as separators)."""
    return [w for w in re.split(r"[=,，、;；\s]+", normalise(line)) if w]


# --- Queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnalysedQuery:
    """A query ready for every backend.

    ``groups``: AND across groups, OR within a group (a word and its synonyms); each
    alternative is one index token. ``doc_numbers``: canonical document numbers found in the
    query (their token is also one group). ``phrases`` are the raw normalised words kept for
    highlighting and coverage.
    """

    raw: str
    normalised: str
    groups: tuple[tuple[str, ...], ...] = ()
    doc_numbers: tuple[str, ...] = ()
    doc_number_candidates: tuple[tuple[str, ...], ...] = ()
    dropped: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> list[str]:
        return [t for group in self.groups for t in group if not t.startswith("dnx")]

    def with_doc_numbers(self, canonical: Sequence[str]) -> AnalysedQuery:
        """Replace the document-number groups by the resolved canonical numbers' tokens."""
        groups = [g for g in self.groups if not g[0].startswith("dnx")]
        groups += [(doc_number_token(c),) for c in canonical]
        return AnalysedQuery(
            self.raw,
            self.normalised,
            tuple(groups),
            tuple(canonical),
            self.doc_number_candidates,
            self.dropped,
        )


MAX_QUERY_LENGTH = 200


def analyse_query(
    raw: str,
    segmenter: Segmenter,
    synonyms: Mapping[str, tuple[str, ...]] | None = None,
) -> AnalysedQuery:
    text = normalise(raw.strip()[:MAX_QUERY_LENGTH])
    synonyms = synonyms or {}
    groups: list[tuple[str, ...]] = []
    candidates: list[tuple[str, ...]] = []
    numbers = []
    rest = text
    for number in reversed(find_doc_numbers(text)):
        numbers.insert(0, number.canonical)
        candidates.insert(0, tuple(number.candidates()))
        rest = rest[: number.start] + " " + rest[number.end :]
    dropped = []
    seen = set()
    for token in segmenter.cut(rest):
        if token in STOPWORDS:
            dropped.append(token)
            continue
        if token in seen:
            continue
        seen.add(token)
        group = (token, *[s for s in synonyms.get(token, ()) if s != token])
        groups.append(group)
    if not groups and dropped and not numbers:
        # A query made only of stop words ("怎么办"): keep them rather than search nothing.
        groups = [(t,) for t in dict.fromkeys(dropped)]
        dropped = []
    groups += [(doc_number_token(n),) for n in numbers]
    return AnalysedQuery(
        raw, text, tuple(groups), tuple(numbers), tuple(candidates), tuple(dropped)
    )


def coverage(
    query: AnalysedQuery, normalised_text: str, doc_number_keys: Iterable[str] = ()
) -> float:
    """Share of the query's groups present in the text (a group counts when any alternative
    occurs; a document-number group when the text mentions that number)."""
    if not query.groups:
        return 0.0
    numbers = set(doc_number_keys)
    hit = 0
    for group in query.groups:
        if group[0].startswith("dnx"):
            hit += any(doc_number_token(n) == group[0] for n in numbers)
        else:
            hit += any(alt in normalised_text for alt in group)
    return hit / len(query.groups)


# --- Sentences, passages, snippets ------------------------------------------------------------

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, the end punctuation included, blanks skipped."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[start:end].strip():
            spans.append((start, end))
        start = end
    if text[start:].strip():
        spans.append((start, len(text)))
    return [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in spans]


def passages(text: str, size: int = 220) -> list[tuple[int, int]]:
    """Consecutive sentences grouped into passages of about ``size`` characters (for
    embeddings and for the assistant's extractive answers)."""
    out: list[tuple[int, int]] = []
    start = end = None
    for s, e in sentences(text):
        if start is None:
            start, end = s, e
        elif e - start > size:
            out.append((start, end))
            start, end = s, e
        else:
            end = e
        while end - start > size * 2:  # one very long sentence: hard split
            out.append((start, start + size))
            start += size
    if start is not None and end is not None and end > start:
        out.append((start, end))
    return out


def match_spans(
    original: str,
    query: AnalysedQuery,
    segmenter: Segmenter,
    normalised_text: str | None = None,
) -> list[tuple[int, int]]:
    """Spans of the original text matching the query: segmented tokens (rjieba ``tokenize``
    offsets on the normalised text, which has the same length) and document numbers."""
    norm = normalised_text if normalised_text is not None else normalise(original)
    wanted = set(query.terms)
    spans = [(s, e) for word, s, e in segmenter.tokenize(norm, "search") if word in wanted]
    # Multi-token words (a synonym the dictionary splits) are found as substrings.
    for term in wanted:
        if len(term) >= 2 and not any(norm[s:e] == term for s, e in spans):
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(term), norm)]
    numbers = set(query.doc_numbers)
    for number in find_doc_numbers(norm):
        if numbers & set(number.candidates()):
            spans.append((number.start, number.end))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def mark(text: str, spans: list[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    """HTML-escaped ``text[start:end]`` with ``spans`` wrapped in ``<mark>``."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if s >= e:
            continue
        out.append(escape(text[pos:s]))
        out.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def best_window(text: str, spans: list[tuple[int, int]], norm: str, width: int) -> tuple[int, int]:
    """The ``width``-character window covering the most distinct matched words."""
    if not spans:
        return 0, min(len(text), width)
    best, best_score = spans[0][0], -1.0
    for s, _ in spans:
        start = max(0, s - width // 5)
        inside = [(a, b) for a, b in spans if a >= start and b <= start + width]
        score = len({norm[a:b] for a, b in inside}) + 0.1 * len(inside)
        if score > best_score:
            best, best_score = start, score
    # Start just after a sentence or clause boundary when one is near.
    boundary = max(text.rfind(p, max(0, best - 30), best) for p in "。；！？\n，")
    if boundary >= 0:
        best = boundary + 1
    return best, min(len(text), best + width)


def highlight(
    original: str,
    query: AnalysedQuery,
    segmenter: Segmenter,
    width: int = 120,
    normalised_text: str | None = None,
) -> str:
    """A snippet of ``original`` around the best match, HTML-escaped, words in ``<mark>``."""
    if not original:
        return ""
    norm = normalised_text if normalised_text is not None else normalise(original)
    spans = match_spans(original, query, segmenter, norm)
    if len(original) <= width:
        return mark(original, spans)
    start, end = best_window(original, spans, norm, width)
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(original) else ""
    return prefix + mark(original, spans, start, end).strip() + suffix
