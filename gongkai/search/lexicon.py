"""The domain dictionary and synonyms as the text pipeline uses them: the repository's data
file plus staff-edited rows, cached per process and reloaded when the ``dictionary`` counter
moves (every edit bumps it)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import F

from gongkai.search.models import Counter, DictionaryTerm, Synonym
from gongkai.search.text import (
    DATA_DIR,
    Segmenter,
    load_dictionary_file,
    normalise,
    parse_synonym_line,
)

DICTIONARY = "dictionary"
VECTORS = "vectors"


def counter_value(name: str) -> int:
    value = Counter.objects.filter(name=name).values_list("value", flat=True).first()
    return value or 0


def counter_bump(name: str) -> None:
    if not Counter.objects.filter(name=name).update(value=F("value") + 1):
        Counter.objects.get_or_create(name=name, defaults={"value": 1})


@dataclass
class Lexicon:
    version: int
    segmenter: Segmenter
    synonyms: dict[str, tuple[str, ...]]


_cache: Lexicon | None = None
_lock = threading.Lock()
_file_words: list | None = None


def _load(version: int) -> Lexicon:
    global _file_words
    if _file_words is None:
        _file_words = load_dictionary_file()
    words = list(_file_words)
    words += [
        (normalise(w), f, "n") for w, f in DictionaryTerm.objects.values_list("word", "frequency")
    ]
    synonyms: dict[str, set[str]] = {}
    lines = [
        line.split("#", 1)[0]
        for line in (DATA_DIR / "synonyms.txt").read_text(encoding="utf-8").splitlines()
    ]
    lines += list(Synonym.objects.values_list("words", flat=True))
    for line in lines:
        group = parse_synonym_line(line)
        if len(group) < 2:
            continue
        for word in group:
            synonyms.setdefault(word, set()).update(group)
            words.append((word, 30000, "n"))
    return Lexicon(
        version,
        Segmenter(words),
        {w: tuple(sorted(g - {w}, key=lambda x: (-len(x), x))) for w, g in synonyms.items()},
    )


def lexicon() -> Lexicon:
    global _cache
    version = counter_value(DICTIONARY)
    cached = _cache
    if cached is not None and cached.version == version:
        return cached
    with _lock:
        if _cache is None or _cache.version != version:
            _cache = _load(version)
        return _cache


def forget() -> None:
    global _cache
    _cache = None
