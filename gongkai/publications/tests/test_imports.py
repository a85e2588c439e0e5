"""The import contract (issue 5 item 8): ``gongkai publications import FILE.jsonl [--organ CODE]``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from django.core.management import CommandError, call_command

from gongkai.core.models import AuditEvent
from gongkai.publications.models import Document, DocumentEvent, IndexCounter, State

pytestmark = pytest.mark.django_db


def jsonl(*items) -> str:
    return "\n".join(i if isinstance(i, str) else json.dumps(i, ensure_ascii=False) for i in items)


POLICY = {
    "title": "江州市青山区教育收费管理办法",
    "body": "第一条 为规范教育收费……\n第二条 本办法适用于……",
    "organ": "dist-a",
    "doc_number": "青教规〔2025〕1号",
    "issued_on": "2025-03-01",
    "published_on": "2025-03-05",
    "category": "综合政务\\政务公开",
    "kind": "policy",
    "source_url": "https://example.gov.cn/ignored",  # other keys are ignored
}
INTERPRETATION = {
    "title": "《江州市青山区教育收费管理办法》政策解读",
    "body": "<p>一、起草背景</p><script>x</script>",
    "organ": "江州市青山区教育局",  # full name works as well as the code
    "published_on": "2025-03-05",
    "kind": "interpretation",
    "interprets": "青教规〔2025〕1号",
}
NOTICE = {
    "title": "关于暑期安全的通知",
    "body": "各学校：……",
    "organ": "青山区某临时指挥部",  # not an organ of the platform
    "published_on": "2025-07-01",
    "kind": "notice",
    "validity": "失效",
}


def run_import(tmp_path, text: str, *args) -> tuple[int, str, str]:
    path = tmp_path / "docs.jsonl"
    path.write_text(text, encoding="utf-8")
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("publications", "import", str(path), *args, stdout=out, stderr=err)
    except CommandError as exc:
        code = exc.returncode
        err.write(str(exc))
    return code, out.getvalue(), err.getvalue()


def test_good_and_bad_lines(tree, tmp_path):
    text = jsonl(
        INTERPRETATION,  # line 1: before its policy in the file — still linked
        POLICY,  # line 2
        "{not json",  # line 3
        {**NOTICE},  # line 4: unknown organ without --organ
        {"title": "缺日期", "organ": "dist-a", "kind": "notice"},  # line 5
        {"title": "坏类型", "organ": "dist-a", "published_on": "2025-01-02", "kind": "memo"},
        {"title": "坏日期", "organ": "dist-a", "published_on": "2025-02-30"},  # line 7
        {**INTERPRETATION, "title": "另一篇解读", "interprets": "不存在〔2025〕9号"},  # line 8
        "",  # blank lines are skipped
        {"organ": "dist-a", "published_on": "2025-01-02"},  # line 10: no title
    )
    code, out, err = run_import(tmp_path, text)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("第3行：不是有效的 JSON")
    assert (
        lines[1]
        == "第4行：未知机关“青山区某临时指挥部”（请使用机关代码或全称，或用 --organ 指定归属机关）"
    )
    assert lines[2] == "第5行：缺少 published_on 或 issued_on"
    assert lines[3].startswith("第6行：kind 无效：memo")
    assert lines[4].startswith("第7行：published_on 不是有效日期")
    assert lines[5] == "第8行：找不到被解读的文件（文号“不存在〔2025〕9号”的文件未发布）"
    assert lines[6] == "第10行：缺少 title"
    assert "新增 2" in out and "失败 7" in out

    policy = Document.objects.get(doc_number="青教规〔2025〕1号")
    interpretation = Document.objects.get(kind="interpretation")
    assert policy.state == interpretation.state == State.PUBLISHED
    assert interpretation.interprets_id == policy.pk
    assert policy.formed_on.isoformat() == "2025-03-01"
    assert policy.published_on.isoformat() == "2025-03-05"
    assert policy.category.label == "综合政务\\政务公开"
    assert policy.body == "<p>第一条 为规范教育收费……</p><p>第二条 本办法适用于……</p>"
    assert "<script" not in interpretation.body
    assert policy.index_number.startswith(f"{tree['a'].credit_code}/2025-")
    assert policy.validity == "valid" and policy.publisher_name == "江州市青山区教育局"


def test_fallback_organ_keeps_the_stated_publisher(tree, tmp_path):
    code, _, err = run_import(tmp_path, jsonl(NOTICE), "--organ", "dist-b")
    assert code == 0, err
    document = Document.objects.get()
    assert document.organ == tree["b"]
    assert document.publisher_name == "青山区某临时指挥部"
    assert document.validity == "expired"


def test_unknown_fallback_organ_is_a_one_line_error(tree, tmp_path):
    code, _, err = run_import(tmp_path, jsonl(NOTICE), "--organ", "nowhere")
    assert code == 2 and "未知机关代码：nowhere" in err


def test_reimport_changes_nothing_and_updates_in_place(tree, tmp_path):
    text = jsonl(POLICY, INTERPRETATION, {**NOTICE, "organ": "dist-b"})
    assert run_import(tmp_path, text)[0] == 0
    snapshot = {d.pk: (d.index_number, d.updated_at, d.title) for d in Document.objects.all()}
    counts = (
        DocumentEvent.objects.count(),
        AuditEvent.objects.count(),
        list(IndexCounter.objects.values_list("last", flat=True)),
    )
    code, out, _ = run_import(tmp_path, text)
    assert code == 0 and "未变 3" in out
    assert {d.pk: (d.index_number, d.updated_at, d.title) for d in Document.objects.all()} == (
        snapshot
    )
    assert counts == (
        DocumentEvent.objects.count(),
        AuditEvent.objects.count(),
        list(IndexCounter.objects.values_list("last", flat=True)),
    )
    # same organ and doc_number: updated in place, same 索引号
    changed = {**POLICY, "title": "江州市青山区教育收费管理办法（修订）", "validity": "废止"}
    code, out, _ = run_import(tmp_path, jsonl(changed))
    assert code == 0 and "更新 1" in out
    policy = Document.objects.get(doc_number="青教规〔2025〕1号")
    assert policy.title.endswith("（修订）") and policy.validity == "repealed"
    assert policy.index_number == snapshot[policy.pk][0]
    # same organ, title and date without a doc_number: updated in place too
    code, out, _ = run_import(tmp_path, jsonl({**NOTICE, "organ": "dist-b", "body": "新正文"}))
    assert "更新 1" in out and Document.objects.count() == 3


def test_a_document_in_the_workflow_is_not_overwritten(tree, tmp_path, draft):
    draft(doc_number="青教规〔2025〕1号", kind="policy", title="起草中")
    code, _, err = run_import(tmp_path, jsonl(POLICY))
    assert code == 1 and "第1行：与审核流程中的文件（草稿）重复" in err


@pytest.mark.slow
def test_the_real_command_line(tmp_path):
    """As other tools run it: the ``gongkai`` executable on a fresh database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "PYTEST_"))}
    env["GONGKAI_DATA_DIR"] = str(tmp_path)
    env["GONGKAI_DATABASE_URL"] = f"sqlite:///{tmp_path}/cli.sqlite3"

    def gongkai(*args):
        return subprocess.run(
            [sys.executable, "-m", "gongkai", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    assert gongkai("migrate").returncode == 0
    setup = gongkai(
        "django",
        "shell",
        "-c",
        "from gongkai.orgs.services import organ_create;"
        "organ_create(actor=None, code='dist-a', name='江州市青山区教育局', short_name='区教育局',"
        " level='department')",
    )
    assert setup.returncode == 0, setup.stderr
    path = tmp_path / "in.jsonl"
    path.write_text(jsonl(POLICY, "[1, 2]", INTERPRETATION), encoding="utf-8")
    first = gongkai("publications", "import", str(path))
    assert first.returncode == 1
    assert "第2行：每行须是一个 JSON 对象" in first.stderr
    assert "新增 2" in first.stdout
    again = gongkai("publications", "import", str(path))
    assert again.returncode == 1 and "未变 2" in again.stdout and "新增 0" in again.stdout
    path.write_text(jsonl(POLICY, INTERPRETATION), encoding="utf-8")
    clean = gongkai("publications", "import", str(path))
    assert clean.returncode == 0 and clean.stderr == ""


@pytest.mark.parametrize(
    "kind,number,expected",
    [
        ("policy", "青教规〔2025〕1号", "normative"),  # 规范性文件 统一编号 with 规
        ("policy", "江州市人民政府令第12号", "regulation"),  # 规章 promulgated by 政府令
        ("policy", "青教〔2025〕3号", ""),
        ("notice", "青教规〔2025〕2号", ""),  # only policies have a legal form
    ],
)
def test_legal_form_is_read_from_the_document_number(tree, tmp_path, kind, number, expected):
    line = {**POLICY, "kind": kind, "doc_number": number}
    assert run_import(tmp_path, jsonl(line))[0] == 0
    assert Document.objects.get().policy_class == expected


def test_unicode_line_separators_inside_strings(tree, tmp_path):
    line = {**POLICY, "body": "第一段\u2028仍是第一段"}
    code, out, err = run_import(tmp_path, jsonl(line))
    assert code == 0, err
    assert "新增 1" in out
