"""Reading preferences of the public site (适老化 and accessibility; spec §6): font size, contrast,
line spacing, cursor size, reading guide. Kept in a cookie so they persist without an account and
work without JavaScript (the toolbar is a plain form)."""

from __future__ import annotations

from dataclasses import dataclass

COOKIE = "gk_read"
CHOICES = {
    "size": ("small", "medium", "large", "xlarge"),
    "contrast": ("normal", "high"),
    "spacing": ("normal", "wide"),
    "cursor": ("normal", "large"),
    "guide": ("off", "on"),
}
DEFAULTS = {
    "size": "medium",
    "contrast": "normal",
    "spacing": "normal",
    "cursor": "normal",
    "guide": "off",
}
LABELS = {
    "size": {"small": "小", "medium": "中", "large": "大", "xlarge": "特大"},
}


@dataclass(frozen=True)
class Preferences:
    size: str = "medium"
    contrast: str = "normal"
    spacing: str = "normal"
    cursor: str = "normal"
    guide: str = "off"

    @classmethod
    def from_cookie(cls, raw: str | None) -> Preferences:
        values = dict(DEFAULTS)
        for part in (raw or "").split("."):
            key, _, value = part.partition("-")
            if key in CHOICES and value in CHOICES[key]:
                values[key] = value
        return cls(**values)

    def cookie(self) -> str:
        return ".".join(f"{k}-{getattr(self, k)}" for k in CHOICES)

    def updated(self, **changes) -> Preferences:
        values = {k: getattr(self, k) for k in CHOICES}
        for key, value in changes.items():
            if key in CHOICES and value in CHOICES[key]:
                values[key] = value
        return Preferences(**values)

    @property
    def classes(self) -> str:
        return " ".join(f"pref-{k}-{getattr(self, k)}" for k in CHOICES)
