"""Widgets of the public forms."""

from __future__ import annotations

from django import forms

from gongkai.portal.context_processors import content_lang


class ContentSelect(forms.Select):
    """A select whose option labels are content (organ, category and topic names): they stay
    Chinese on the English site and say so (``lang``, WCAG 3.1.2). The empty "all"/"please
    choose" option is UI text and is translated."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value not in (None, ""):
            option["attrs"]["lang"] = content_lang()
        return option
