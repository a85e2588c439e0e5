"""``gongkai report import FILE... [--organ CODE]``: one line per file, the others still
imported when one fails, exit code 1 when any failed; an unknown organ is a one-line error."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.reports.models import LibraryReport
from gongkai.reports.tests.library_samples import SEEDS

SEED_000 = SEEDS / "000_16efe8573a09d800.txt"  # 广州市番禺区政务服务数据管理局 2022
SEED_001 = SEEDS / "001_45be4a81e410cd61.txt"  # 广州市南沙区人民政府 2019

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[list[str], CommandError | None]:
    out = StringIO()
    try:
        call_command("report", "import", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue().splitlines(), exc
    return out.getvalue().splitlines(), None


def test_import_files_one_line_each(panyu):
    lines, error = run(str(SEED_000), str(SEED_001))
    assert error is None
    data = LibraryReport.objects.get(organ=panyu["data"])
    nansha = LibraryReport.objects.get(organ__isnull=True)
    assert lines == [
        f"{SEED_000}：已导入 广州市番禺区政务服务数据管理局 2022年度（panyu-data，编号 {data.pk}）",
        f"{SEED_001}：已导入 广州市南沙区人民政府 2019年度（平台外机关，编号 {nansha.pk}）",
    ]
    lines, error = run(str(SEED_000))
    assert error is None and lines == [
        f"{SEED_000}：已更新 广州市番禺区政务服务数据管理局 2022年度（panyu-data，编号 {data.pk}）"
    ]
    assert data.imported_by is None  # the system imported it


def test_failures_are_reported_and_the_others_still_imported(panyu, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    missing = tmp_path / "missing.txt"
    lines, error = run(str(bad), str(missing), str(SEED_000))
    assert error is not None and error.returncode == 1 and str(error) == "2 个文件未能导入"
    assert lines[0].startswith(f"{bad}：错误：")
    assert lines[1] == f"{missing}：错误：无法读取文件：No such file or directory"
    assert lines[2].startswith(f"{SEED_000}：已导入")
    assert LibraryReport.objects.count() == 1


def test_organ_forced_or_unknown(panyu):
    lines, error = run(str(SEED_001), "--organ", "panyu-edu")
    assert error is None
    assert LibraryReport.objects.get().organ == panyu["edu"]
    assert "（panyu-edu，" in lines[0]
    lines, error = run(str(SEED_000), "--organ", "nope")
    assert error is not None and error.returncode == 2
    assert str(error).startswith("未知机关代码：nope")
    assert lines == [] and LibraryReport.objects.count() == 1


@pytest.mark.slow
def test_exit_codes_as_a_real_process(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
    env["GONGKAI_DATA_DIR"] = str(tmp_path / "data")

    def gongkai(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "gongkai", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )

    assert gongkai("migrate", "--verbosity", "0").returncode == 0
    proc = gongkai("report", "import", str(SEED_001), str(tmp_path / "missing.txt"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert (
        len(proc.stdout.splitlines()) == 2 and "已导入 广州市南沙区人民政府 2019年度" in proc.stdout
    )
    assert len(proc.stderr.strip().splitlines()) == 1
    proc = gongkai("report", "import", str(SEED_001), "--organ", "nope")
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    proc = gongkai("report", "import", str(Path(SEED_001)))
    assert proc.returncode == 0 and "已更新" in proc.stdout
