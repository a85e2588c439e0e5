"""The fast select renders what Django's template-rendered select renders."""

from __future__ import annotations

import re

import pytest

from django import forms
from django.utils import translation

from gongkai.portal.widgets import ContentSelect, FastSelect

CHOICES = [
    ("", "全部"),
    ("qingshan", "青山区人民政府"),
    ("a&b", "<甲>乙"),
    ("组", [("x1", "子一"), ("x2", "子二")]),
    (2025, "2025年"),
]


def _normalise(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("value", ["", "qingshan", "a&b", "x2", 2025, "2025", None, "missing"])
def test_fast_select_matches_djangos_select(value):
    attrs = {"id": "id_organ", "aria-describedby": "id_organ_error", "aria-invalid": "true"}
    django_html = forms.Select(choices=CHOICES).render("organ", value, attrs)
    fast_html = FastSelect(choices=CHOICES).render("organ", value, attrs)
    assert _normalise(fast_html) == _normalise(str(django_html))
    assert fast_html.count(" selected") == (0 if value == "missing" else 1)


def test_content_select_marks_content_options_but_not_the_ui_option():
    with translation.override("en"):
        html = ContentSelect(choices=CHOICES[:2]).render("organ", "qingshan")
    assert '<option value="">全部</option>' in html
    assert '<option value="qingshan" selected lang="zh-Hans">青山区人民政府</option>' in html
