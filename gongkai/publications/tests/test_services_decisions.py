"""Decision-record import: row-level validation, nothing half-imported, re-import updates."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from django.core.management import CommandError, call_command

from gongkai.core.errors import NotAllowed
from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Role
from gongkai.publications.models import DecisionImport, DecisionRecord
from gongkai.publications.services.decisions import DecisionImportRejected, decisions_import

pytestmark = pytest.mark.django_db

GOOD = """类别,文书号,事项名称,决定日期,金额（元）
行政许可,青教许〔2026〕1号,民办学校办学许可,2026-03-02,
行政处罚,青教罚〔2026〕1号,违规招生,2026-04-15,"5,000.00"
行政强制,青教强〔2026〕1号,查封违规培训场所,2026/05/06,
行政事业性收费,教师资格认定费-2026-01,教师资格认定费,2026年6月30日,12500.50
"""


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_a_good_csv_is_imported(tree, make_staff):
    handler = make_staff(tree["a"], Role.HANDLER)
    result = decisions_import(
        actor=handler, organ=tree["a"], data=csv_bytes(GOOD), filename="2026.csv"
    )
    assert (result.created, result.updated) == (4, 0)
    assert result.by_kind == {"licensing": 1, "punishment": 1, "enforcement": 1, "fee": 1}
    fine = DecisionRecord.objects.get(kind="punishment")
    assert fine.amount == Decimal("5000.00") and fine.decided_on == date(2026, 4, 15)
    fee = DecisionRecord.objects.get(kind="fee")
    assert fee.decided_on == date(2026, 6, 30) and fee.amount == Decimal("12500.50")
    assert AuditEvent.objects.filter(action="decisions.import").count() == 1


def test_gbk_csv_from_excel_is_read(tree):
    result = decisions_import(
        actor=None, organ=tree["a"], data=csv_bytes(GOOD, "gb18030"), filename="gbk.csv"
    )
    assert result.created == 4


def test_any_bad_row_rejects_the_whole_file_with_row_numbers(tree):
    bad = GOOD + (
        "行政处分,X1,某事项,2026-01-01,\n"  # row 6: unknown kind
        "行政许可,,无号许可,2026-13-01,\n"  # row 7: no number, bad date
        "行政事业性收费,费-2,某收费,2026-02-01,\n"  # row 8: fee without amount
        "行政处罚,青教罚〔2026〕1号,重复,2026-02-01,-5\n"  # row 9: duplicate, negative amount
    )
    with pytest.raises(DecisionImportRejected) as exc:
        decisions_import(actor=None, organ=tree["a"], data=csv_bytes(bad), filename="bad.csv")
    rows = {e.row: e.message for e in exc.value.rows}
    assert set(rows) == {6, 7, 8, 9}
    assert "类别“行政处分”无效" in rows[6]
    assert "缺少文书号" in rows[7] and "决定日期“2026-13-01”无效" in rows[7]
    assert "须填写金额" in rows[8]
    assert "与第3行的文书号重复" in rows[9] and "金额“-5”无效" in rows[9]
    assert DecisionRecord.objects.count() == 0 and DecisionImport.objects.count() == 0


def test_missing_columns_are_reported(tree):
    with pytest.raises(DecisionImportRejected) as exc:
        decisions_import(
            actor=None,
            organ=tree["a"],
            data=csv_bytes("类别,文书号\n行政许可,1\n"),
            filename="x.csv",
        )
    assert "缺少列：事项名称、决定日期" in str(exc.value.rows[0])


def test_only_csv_and_xlsx(tree):
    with pytest.raises(DecisionImportRejected) as exc:
        decisions_import(actor=None, organ=tree["a"], data=b"%PDF-1.4", filename="x.pdf")
    assert "只接受" in exc.value.rows[0].message


def test_reimport_updates_in_place(tree):
    decisions_import(actor=None, organ=tree["a"], data=csv_bytes(GOOD), filename="a.csv")
    changed = GOOD.replace("违规招生", "违规招生（更正）")
    result = decisions_import(
        actor=None, organ=tree["a"], data=csv_bytes(changed), filename="b.csv"
    )
    assert (result.created, result.updated) == (0, 1)
    assert DecisionRecord.objects.count() == 4
    assert DecisionRecord.objects.get(kind="punishment").matter == "违规招生（更正）"


def test_xlsx_with_real_dates(tree):
    book = Workbook()
    sheet = book.active
    sheet.append(["类别", "文书号", "事项名称", "决定日期", "金额（元）"])
    sheet.append(["行政处罚", "罚1", "超标排放", date(2025, 7, 1), 20000])
    sheet.append(["行政许可", "许1", "排污许可", "2025-08-01", None])
    buffer = io.BytesIO()
    book.save(buffer)
    result = decisions_import(
        actor=None, organ=tree["a"], data=buffer.getvalue(), filename="2025.xlsx"
    )
    assert result.created == 2
    assert DecisionRecord.objects.get(reference="罚1").amount == Decimal("20000")


def test_import_needs_report_compile(tree, make_staff):
    secrecy = make_staff(tree["a"], Role.SECRECY)
    with pytest.raises(NotAllowed):
        decisions_import(actor=secrecy, organ=tree["a"], data=csv_bytes(GOOD), filename="a.csv")


def test_cli_reports_rows_and_exits_non_zero(tree, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(GOOD + "行政许可,,x,2026-01-01,\n", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("publications", "import-decisions", str(path), "--organ", "dist-a")
    assert exc.value.returncode == 1
    assert "第6行：缺少文书号" in capsys.readouterr().err
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("publications", "import-decisions", str(good), "--organ", "dist-a")
    assert "新增 4" in capsys.readouterr().out
