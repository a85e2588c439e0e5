"""The import contract (issue #3 item 9) and reminder e-mails."""

from __future__ import annotations

import json
from io import StringIO

import pytest
import time_machine

from django.core import mail
from django.core.management import call_command

from gongkai.cases.models import Application, Remedy
from gongkai.cases.services import application_accept, application_assign
from gongkai.cases.workflow import State

pytestmark = pytest.mark.django_db

GOOD = [
    {
        "ref": "YSQ-2026-001",
        "received_on": "2026-01-05",
        "applicant_type": "NP",
        "applicant_name": "赵六",
        "description": "某路段拓宽工程征收补偿方案",
        "closed_on": "2026-01-28",
        "outcome": "R3.1",
        "source": "ignored",
    },
    {
        "ref": "YSQ-2026-002",
        "received_on": "2026-02-03",
        "applicant_type": "COM",
        "applicant_name": "某某建材有限公司",
        "description": "2025年建筑工程施工许可批准文件",
        "closed_on": "2026-03-02",
        "outcome": "R3.3.4",
        "remedies": [
            {"kind": "review", "filed_on": "2026-03-20", "result": "upheld"},
            {"kind": "litigation_after_review", "filed_on": "2026-05-10", "result": "pending"},
        ],
    },
    {
        "ref": "YSQ-2026-003",
        "received_on": "2026-06-01",
        "applicant_type": "LAW",
        "applicant_name": "某律师事务所",
        "description": "某项目环境影响评价文件",
        "closed_on": None,
        "outcome": None,
    },
]
BAD = [
    ("{not json", "不是有效的 JSON"),
    (
        json.dumps(
            {
                "ref": "X1",
                "received_on": "2026-13-01",
                "applicant_type": "NP",
                "applicant_name": "a",
                "description": "b",
                "closed_on": None,
            }
        ),
        "received_on 日期",
    ),
    (
        json.dumps(
            {
                "ref": "X2",
                "received_on": "2026-01-01",
                "applicant_type": "XX",
                "applicant_name": "a",
                "description": "b",
                "closed_on": None,
            }
        ),
        "applicant_type",
    ),
    (
        json.dumps(
            {
                "ref": "X3",
                "received_on": "2026-01-01",
                "applicant_type": "NP",
                "applicant_name": "a",
                "description": "b",
                "closed_on": "2026-02-01",
            }
        ),
        "outcome",
    ),
    (
        json.dumps(
            {
                "ref": "X4",
                "received_on": "2026-01-01",
                "applicant_type": "NP",
                "applicant_name": "a",
                "description": "b",
                "closed_on": "2026-02-01",
                "outcome": "R3.7",
            }
        ),
        "outcome",
    ),
    (
        json.dumps(
            {
                "received_on": "2026-01-01",
                "applicant_type": "NP",
                "applicant_name": "a",
                "description": "b",
                "closed_on": None,
            }
        ),
        "ref",
    ),
    (
        json.dumps(
            {
                "ref": "X5",
                "received_on": "2026-01-01",
                "applicant_type": "NP",
                "applicant_name": "a",
                "description": "b",
                "closed_on": "2026-02-01",
                "outcome": "R3.1",
                "remedies": [{"kind": "appeal", "filed_on": "2026-02-02", "result": "upheld"}],
            }
        ),
        "remedies",
    ),
]


def write(tmp_path, rows):
    path = tmp_path / "old.jsonl"
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows)
        + "\n",
        encoding="utf-8",
    )
    return path


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_import_good_and_bad_lines(tmp_path, tree):
    rows = [GOOD[0], BAD[0][0], GOOD[1], *[b for b, _ in BAD[1:]], GOOD[2]]
    err, out = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_code:
        call_command(
            "cases",
            "import",
            str(write(tmp_path, rows)),
            "--organ",
            tree["a"].code,
            stdout=out,
            stderr=err,
        )
    assert exit_code.value.code == 1
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == len(BAD)
    # each bad line is reported with its own line number and reason
    assert lines[0].startswith("第2行：") and BAD[0][1] in lines[0]
    for offset, (line, (_, reason)) in enumerate(zip(lines[1:], BAD[1:], strict=True), start=4):
        assert line.startswith(f"第{offset}行：") and reason in line
    cases = {c.import_ref: c for c in Application.objects.filter(is_imported=True)}
    assert set(cases) == {"YSQ-2026-001", "YSQ-2026-002", "YSQ-2026-003"}
    closed = cases["YSQ-2026-002"]
    assert (closed.state, closed.outcome_row, str(closed.closed_on), closed.applicant_type) == (
        State.ARCHIVED,
        "R3.3.4",
        "2026-03-02",
        "COM",
    )
    assert sorted(closed.remedies.values_list("kind", "result")) == [
        ("litigation_after_review", "pending"),
        ("review", "upheld"),
    ]
    open_case = cases["YSQ-2026-003"]
    assert (
        open_case.state == State.ACCEPTED
        and open_case.closed_on is None
        and open_case.reply_deadline.is_open
    )
    assert "新增 3 件" in out.getvalue() and "失败 7 行" in out.getvalue()


@time_machine.travel("2026-11-20 10:00 +0800", tick=False)
def test_reimport_is_idempotent_and_updates_in_place(tmp_path, tree):
    path = write(tmp_path, GOOD)
    call_command("cases", "import", str(path), "--organ", tree["a"].code, stdout=StringIO())
    snapshot = list(
        Application.objects.order_by("import_ref").values_list("import_ref", "state", "outcome_row")
    )
    call_command("cases", "import", str(path), "--organ", tree["a"].code, stdout=StringIO())
    assert (
        list(
            Application.objects.order_by("import_ref").values_list(
                "import_ref", "state", "outcome_row"
            )
        )
        == snapshot
    )
    assert Remedy.objects.count() == 2
    # the open case was closed in the old system meanwhile
    changed = dict(GOOD[2], closed_on="2026-06-20", outcome="R3.4.1")
    call_command(
        "cases",
        "import",
        str(write(tmp_path, [changed])),
        "--organ",
        tree["a"].code,
        stdout=StringIO(),
    )
    case = Application.objects.get(import_ref="YSQ-2026-003")
    assert (case.state, case.outcome_row) == (State.ARCHIVED, "R3.4.1")
    assert not case.reply_deadline.is_open
    assert Application.objects.count() == 3


def test_import_unknown_organ_is_a_one_line_error(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="未知机关代码"):
        call_command("cases", "import", str(write(tmp_path, GOOD)), "--organ", "nope")


def test_imported_names_are_encrypted(tmp_path, tree):
    call_command(
        "cases",
        "import",
        str(write(tmp_path, GOOD[:1])),
        "--organ",
        tree["a"].code,
        stdout=StringIO(),
    )
    applicant = Application.objects.get().applicant
    assert applicant.name_masked == "赵*" and "赵六" not in applicant.name_enc


@time_machine.travel("2026-11-26 10:00 +0800", tick=False)
def test_reminders_go_to_handlers_once_a_day_without_personal_data(
    register, people, tree, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for user in people.values():
        user.email = f"{user.username}@example.gov.cn"
        user.save()
    due_soon = register()  # received 11-02 → due 11-30 (within 3 working days of 11-26)
    application_accept(actor=people["clerk"], case=due_soon)
    application_assign(
        actor=people["ogi_head"], case=due_soon, handling_organ=tree["a"], handler=people["handler"]
    )
    overdue = register(
        received="2026-10-16", items=["更早的申请（文件名称）"]
    )  # due 11-13 → overdue
    later = register(
        received="2026-11-20", items=["较晚的申请（文件名称）"]
    )  # due 12-18 → no reminder
    assert later.reply_deadline.due.isoformat() == "2026-12-18"
    out = StringIO()
    call_command("cases", "remind", stdout=out)
    to = {m.to[0]: m for m in mail.outbox}
    assert "handler@example.gov.cn" in to and due_soon.number in to["handler@example.gov.cn"].body
    assert any(overdue.number in m.body and "已逾期" in m.body for m in mail.outbox)
    assert all(later.number not in m.body for m in mail.outbox)
    assert all("张三丰" not in m.body for m in mail.outbox)
    sent = len(mail.outbox)
    call_command("cases", "remind", stdout=StringIO())
    assert len(mail.outbox) == sent  # once a day
