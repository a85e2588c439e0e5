from __future__ import annotations

from gongkai.reports.ingest.contradictions import prose_balance, table_vs_prose


def test_prose_and_table_disagree():
    warnings = table_vs_prose(
        {"applications_new": (22, "一、本年新收… 22", False), "fees": (0, "", False)},
        {
            "applications_new": (20, "共收到政府信息公开申请20件", False),
            "fees": (0, "未收取", False),
        },
    )
    assert [w["cells"] for w in warnings] == [["applications_new"]]
    assert "正文为20" in warnings[0]["message"] and "表格为22" in warnings[0]["message"]


def test_approximate_prose_is_compared_by_what_its_words_allow():
    table = {"applications_new": (1175, "", False)}
    assert table_vs_prose(table, {"applications_new": (1100, "收到申请1100余件", True)}) == []
    assert table_vs_prose(table, {"applications_new": (1200, "收到申请近1200件", True)}) == []
    assert len(table_vs_prose(table, {"applications_new": (1200, "收到申请1200余件", True)})) == 1


def test_prose_figures_that_do_not_add_up():
    prose = {
        "applications_new": (1062, "", False),
        "applications_carried_in": (9, "", False),
        "outcome_total": (1048, "", False),
        "carried_out": (22, "", False),
        "natural_person": (1020, "", False),
        "legal_person_or_org": (42, "", False),
    }
    warnings = prose_balance(prose)
    assert [w["rule"] for w in warnings] == ["prose_balance"]
    assert "1071≠1070" in warnings[0]["message"]


def test_prose_balance_needs_every_term():
    assert (
        prose_balance({"applications_new": (5, "", False), "outcome_total": (3, "", False)}) == []
    )
