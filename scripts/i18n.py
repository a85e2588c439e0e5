#!/usr/bin/env python3
"""Translations of the UI (source strings are Chinese, zh-Hans).

    python scripts/i18n.py extract   # refresh the .po files from the code (needs GNU gettext)
    python scripts/i18n.py build     # fill zh-Hant with OpenCC, English from en_translations.py; compile .mo

The compiled .mo files are committed, so running the platform needs no gettext tools; a test
checks they match the .po files and that every string is translated.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import opencc
import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "gongkai" / "locale"
sys.path.insert(0, str(LOCALE))


def extract() -> None:
    env = dict(os.environ, GONGKAI_DATA_DIR=os.environ.get("GONGKAI_DATA_DIR", "/tmp/gk-i18n"))
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "gongkai"),
            "makemessages",
            "-l",
            "en",
            "-l",
            "zh_Hant",
            "--ignore",
            "*/tests/*",
            "--no-location",
            "--no-obsolete",  # a string no longer in the code leaves the catalogue (and the .mo)
            "-v0",
        ],
        cwd=ROOT / "gongkai",
        check=True,
        env=env,
    )


def build() -> None:
    from en_translations import EN

    to_hant = opencc.OpenCC("s2t")
    for language, translate in (("zh_Hant", to_hant.convert), ("en", EN.get)):
        po_path = LOCALE / language / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path))
        for entry in po:
            entry.msgstr = translate(entry.msgid) or ""
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.metadata["Language"] = language
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        missing = [e.msgid for e in po if not e.msgstr]
        print(f"{language}: {len(po)} strings, {len(missing)} untranslated")
        for msgid in missing:
            print(f"  missing: {msgid}")


if __name__ == "__main__":
    {"extract": extract, "build": build}[sys.argv[1] if len(sys.argv) > 1 else "build"]()
