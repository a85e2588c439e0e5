"""``gongkai report parse FILE... --json``: the contract other tools depend on (issue 8, item 4),
run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
KEYS = [
    "source",
    "agency",
    "year",
    "format",
    "script",
    "statistics",
    "summary",
    "evidence",
    "warnings",
]


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
    env["GONGKAI_DATA_DIR"] = str(tmp_path / "data")
    return subprocess.run(
        [sys.executable, "-m", "gongkai", "report", "parse", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.slow
def test_json_lines_in_order_with_failures_reported_and_exit_code_1(tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    good = [FIXTURES / "seeds" / "003_2a84802cd6720988.txt", FIXTURES / "big5_report.txt"]
    missing = tmp_path / "missing.txt"
    proc = run(str(good[0]), str(missing), str(bad), str(good[1]), "--json", tmp_path=tmp_path)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["source"] for line in lines] == [
        str(good[0]),
        str(missing),
        str(bad),
        str(good[1]),
    ]
    assert list(lines[0]) == KEYS
    assert lines[0]["summary"]["outcome_total"] == 1048
    assert lines[0]["year"] == 2022 and lines[0]["format"] == "2021"
    assert set(lines[1]) == {"source", "error"} and set(lines[2]) == {"source", "error"}
    assert lines[3]["script"] == "traditional" and lines[3]["summary"]["applications_new"] == 45
    # Chinese as is, not \u escapes
    assert "广州市黄埔区人民政府" in proc.stdout


@pytest.mark.slow
def test_all_good_files_exit_0_and_readable_output_without_json(tmp_path):
    proc = run(str(FIXTURES / "seeds" / "002_558935b3bd94d3d0.txt"), tmp_path=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "定海区人民政府" in proc.stdout
    assert "本年新收申请：24" in proc.stdout
    proc = run(str(FIXTURES / "gbk_report.txt"), "--json", tmp_path=tmp_path)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["summary"]["applications_new"] == 33


def test_command_in_process(capsys):
    from django.core.management import call_command

    call_command("report", "parse", str(FIXTURES / "seeds" / "001_45be4a81e410cd61.txt"), "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["agency"] == "广州市南沙区人民政府"
    assert data["summary"]["applications_new"] == 964
