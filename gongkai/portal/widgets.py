"""Widgets of the public forms."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from gongkai.portal.context_processors import content_lang


class FastSelect(forms.Select):
    """A single-choice select rendered in Python. Django renders each ``<option>`` through a
    template include, which cost the catalogue page (six selects, ~130 options) more than its
    database queries; the markup here is the same: ``<select name id …>`` and
    ``<option value="…" selected>label</option>``, optgroups included."""

    option_lang = False  # mark the non-empty options' labels as content (see ContentSelect)

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = self.format_value(value)
        state = {"selected": False, "wanted": chosen[0] if chosen else ""}
        lang = content_lang() if self.option_lang else ""
        body = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                options = self._options(group_label, state, lang)
                body.append(format_html('<optgroup label="{}">{}</optgroup>', group_value, options))
            else:
                body.append(self._options([(group_value, group_label)], state, lang))
        return format_html("<select{}>{}</select>", _attrs(final), mark_safe("".join(body)))

    @staticmethod
    def _options(choices, state: dict, lang: str) -> str:
        rows = []
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            selected = not state["selected"] and text == state["wanted"]
            state["selected"] |= selected
            extra = format_html(' lang="{}"', lang) if lang and text else ""
            rows.append((text, " selected" if selected else "", extra, label))
        return format_html_join("", '<option value="{}"{}{}>{}</option>', rows)


class ContentSelect(FastSelect):
    """A select whose option labels are content (organ, category and topic names): they stay
    Chinese on the English site and say so (``lang``, WCAG 3.1.2). The empty "all"/"please
    choose" option is UI text and is translated."""

    option_lang = True


def _attrs(attrs: dict) -> str:
    """Attributes in their given order (``flatatt`` sorts them), as Django's ``attrs.html``:
    ``True`` → the bare name, ``False``/``None`` → left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
            for key, value in attrs.items()
            if value is not False and value is not None
        ),
    )
