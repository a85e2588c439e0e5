"""The ``gongkai search`` / ``gongkai ask`` contract (issue #7 item 8), as tools call it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_search_json_contract(corpus):
    data = json.loads(run("search", "青山府规(2023)1号", "--limit", "3", "--json"))
    assert isinstance(data, list) and 1 <= len(data) <= 3
    first = data[0]
    assert set(first) == {"id", "title", "kind", "organ", "published_on", "url", "score", "snippet"}
    assert first["id"] == "document:115"
    assert first["organ"] == "qingshan"
    assert first["published_on"] == "2023-02-20"
    assert first["kind"] == "policy"
    assert "<mark>" not in first["snippet"]


def test_search_by_organ(corpus, qingshan):
    data = json.loads(run("search", "补贴", "--organ", "qingshan-mzj", "--json"))
    assert data and all(r["organ"] == "qingshan-mzj" for r in data)


def test_ask_json_contract(corpus, faq):
    data = json.loads(run("ask", "政务服务中心周六开门吗", "--json"))
    assert set(data) == {"answer_type", "answer", "citations"}
    assert data["answer_type"] == "faq"
    assert all(set(c) == {"id", "title", "url"} for c in data["citations"])


@pytest.mark.parametrize(
    "args",
    [
        ("search", "", "--json"),
        ("search", "社保", "--limit", "0", "--json"),
        ("search", "社保", "--organ", "no-such-organ", "--json"),
        ("ask", " ", "--json"),
    ],
)
def test_bad_input_is_a_command_error(db, args):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert exc.value.returncode == 2


def test_bad_input_from_the_shell_is_one_line_and_exit_2(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
    env.update(
        GONGKAI_DATA_DIR=str(tmp_path),
        GONGKAI_DATABASE_URL=f"sqlite:///{tmp_path}/cli.sqlite3",
        GONGKAI_SEARCH_EMBEDDER="hash",
    )
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "search", "社保", "--limit", "abc", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
