from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from gongkai.portal.preferences import COOKIE, Preferences

# The public navigation; an entry appears once its page exists (apps arrive independently).
NAV = [
    (_("首页"), "portal:home"),
    (_("信息公开目录"), "publications:catalogue"),
    (_("申请公开"), "portal:apply"),
    (_("办理查询"), "portal:track"),
    (_("政策查询"), "search:search"),
    (_("智能问答"), "search:ask"),
    (_("年度报告"), "annual:list"),
    (_("公开指南"), "portal:guide"),
]
HTML_LANG = {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "en": "en"}


def content_lang() -> str:
    """The language of content (titles, names, documents): always Chinese, and traditional when
    the visitor chose 繁體中文 (TraditionalChineseMiddleware converts it). Content inside an English
    page carries this ``lang`` so screen readers read it as Chinese (WCAG 3.1.2)."""
    return "zh-Hant" if get_language() == "zh-hant" else "zh-Hans"


def _resolved():
    items = []
    for label, name in NAV:
        try:
            items.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return items


def portal(request):
    preferences = Preferences.from_cookie(request.COOKIES.get(COOKIE))
    path = request.path
    nav = [
        {
            "label": label,
            "url": url,
            "current": path == url or (url != "/" and path.startswith(url)),
        }
        for label, url in _resolved()
    ]
    language = get_language() or "zh-hans"
    return {
        "reading": preferences,
        "public_nav": nav,
        "html_lang": HTML_LANG.get(language, "zh-Hans"),
        "content_lang": content_lang(),
    }
