"""Traditional Chinese on the fly: for visitors who chose 繁體中文, HTML pages are converted
character by character with OpenCC (``s2t``) — content and any untranslated text alike. The UI
strings also have proper zh-Hant translations (locale files); converting already-traditional
text is a no-op. Downloads (PDF, DOCX, JSON) stay in the original."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return _converter().convert(text)


class TraditionalChineseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            get_language() == "zh-hant"
            and response.get("Content-Type", "").startswith("text/html")
            and not response.streaming
            and not request.path.startswith(("/admin/", "/api/"))
        ):
            charset = response.charset or "utf-8"
            response.content = to_traditional(response.content.decode(charset)).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
