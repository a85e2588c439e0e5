"""The ``gongkai deadline`` contract (issue #2 item 7), run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO

import pytest

from django.core.management import call_command

from gongkai.calendars.models import CalendarYear
from gongkai.calendars.selectors import national_jurisdiction


def run_cli(*args, tmp_path, database: str | None = None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
    env["GONGKAI_DATA_DIR"] = str(tmp_path)
    env["GONGKAI_DATABASE_URL"] = database or f"sqlite:///{tmp_path}/fresh.sqlite3"
    return subprocess.run(
        [sys.executable, "-m", "gongkai", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_contract_on_a_fresh_database(tmp_path):
    result = run_cli(
        "deadline",
        "--received",
        "2026-11-02",
        "--pause",
        "2026-11-09:2026-11-13",
        "--pause",
        "2026-11-12:2026-11-18",
        "--extension",
        "0",
        "--json",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["reply_due"] == "2026-12-10"
    assert data["correction_notice_due"] == "2026-11-11"
    assert data["calendar_confirmed"] is True
    assert isinstance(data["explanation"], list) and all(
        isinstance(s, str) for s in data["explanation"]
    )


def test_contract_corrected_date_and_extension_and_unconfirmed_year(tmp_path):
    result = run_cli(
        "deadline",
        "--received",
        "2026-11-02",
        "--corrected",
        "2026-12-01",
        "--extension",
        "20",
        "--json",
        tmp_path=tmp_path,
    )
    data = json.loads(result.stdout)
    assert data["correction_notice_due"] == "2026-11-11"
    # 40 working days strictly after 2026-12-01; 2027 not confirmed, so plain weekdays
    assert data["reply_due"] == "2027-01-26"
    assert data["calendar_confirmed"] is False


@pytest.mark.parametrize(
    "args",
    [
        ["--received", "2026-02-30", "--json"],
        ["--received", "2026/11/02", "--json"],
        ["--received", "2026-11-02", "--extension", "21", "--json"],
        ["--received", "2026-11-02", "--pause", "2026-11-20:2026-11-10", "--json"],
        ["--received", "2026-11-02", "--pause", "2026-11-20", "--json"],
        ["--json"],
    ],
    ids=[
        "impossible-date",
        "slashes",
        "extension-21",
        "reversed-pause",
        "half-pause",
        "no-received",
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_stdout(tmp_path, args):
    result = run_cli("deadline", *args, tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1


def test_misconfigured_database_url_is_a_clear_one_line_error(tmp_path):
    result = run_cli(
        "deadline", "--received", "2026-11-02", tmp_path=tmp_path, database="mysql://x@y/z"
    )
    assert result.returncode == 2
    assert "GONGKAI_DATABASE_URL" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.django_db
def test_deadline_uses_the_database_calendar_and_sees_its_edits():
    # given 2027 confirmed with 元旦 in the database
    CalendarYear.objects.create(jurisdiction=national_jurisdiction(), year=2027, confirmed=True)
    out = StringIO()
    call_command("deadline", "--received", "2026-12-15", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["calendar_source"] == "database"
    assert data["calendar_confirmed"] is True
    assert data["reply_due"] == "2027-01-12"


@pytest.mark.django_db
def test_calendar_import_command(tmp_path):
    notice = tmp_path / "2027.csv"
    notice.write_text("date,kind,name\n2027-01-01,holiday,元旦\n", encoding="utf-8")
    out = StringIO()
    call_command("calendar", "import", str(notice), stdout=out)
    assert "新增 1" in out.getvalue()
    out = StringIO()
    call_command("deadline", "--received", "2026-12-15", "--json", stdout=out)
    assert json.loads(out.getvalue())["reply_due"] == "2027-01-13"


def test_calendar_import_bad_file_exits_non_zero(tmp_path):
    notice = tmp_path / "bad.csv"
    notice.write_text("date,kind,name\n2027-01-04,班,春节\n", encoding="utf-8")
    migrate = run_cli("migrate", tmp_path=tmp_path)
    assert migrate.returncode == 0, migrate.stderr
    result = run_cli("calendar", "import", str(notice), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "第2行" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_is_one_line_not_a_traceback(tmp_path):
    result = run_cli(
        "migrate",
        tmp_path=tmp_path,
        database="postgres://postgres@127.0.0.1:5432/gongkai_no_such_db",
    )
    assert result.returncode == 2
    assert "数据库" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
