"""Checks of a rendered public page's languages, shared by the apps' view tests.

On the English site every piece of Chinese must be content marked as such (``lang="zh-…"`` on it
or an ancestor: titles, names, documents — WCAG 3.1.2 Language of Parts); Chinese anywhere else is
UI text left untranslated. Half- and full-width CJK punctuation counts as Chinese too."""

from __future__ import annotations

import re

import lxml.html

from gongkai.portal.middleware import to_traditional

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
LABEL_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
USER_INPUT = ("textarea", "script", "style")  # what the visitor typed is shown back as typed


def html_lang(page: str) -> str:
    return lxml.html.fromstring(page).get("lang", "")


def untranslated(page: str) -> list[str]:
    """Chinese text in the page's body that is not inside an element marked as Chinese."""
    found: list[str] = []

    def visit(element, chinese: bool) -> None:
        if not isinstance(element.tag, str) or element.tag in USER_INPUT:
            return
        lang = element.get("lang")
        if lang is not None:
            chinese = lang.lower().startswith("zh")
        if not chinese:
            texts = [element.text or ""] + [element.get(a, "") for a in LABEL_ATTRIBUTES]
            found.extend(t.strip() for t in texts if CHINESE.search(t))
        for child in element:
            visit(child, chinese)
            if not chinese and child.tail and CHINESE.search(child.tail):
                found.append(child.tail.strip())

    visit(lxml.html.fromstring(page).find("body"), chinese=False)
    return found


def title(page: str) -> str:
    return lxml.html.fromstring(page).findtext(".//title") or ""


def visible_text(page: str) -> str:
    document = lxml.html.fromstring(page)
    for element in document.xpath("//script|//style"):
        element.drop_tree()
    return document.text_content()


def is_traditional(text: str) -> bool:
    """No character in ``text`` has a different traditional form."""
    return to_traditional(text) == text
