from __future__ import annotations

import pytest

from gongkai.reports.ingest.normalise import Text, detect_script, normalise


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("定海區(qū)人民政府", "定海区人民政府"),
        ("根據(jù)《條例》規(guī)定", "根据《条例》规定"),
        ("依申請公開答復(fù)", "依申请公开答复"),
        ("全區（qū）共收到", "全区共收到"),
        ("嚴格落實“三審三校”", "严格落实“三审三校”"),
    ],
)
def test_traditional_text_loses_its_pinyin_artefacts_and_becomes_simplified(source, expected):
    text, script = normalise(source * 3)
    assert text.text == expected * 3
    assert script == "traditional"


@pytest.mark.parametrize(
    "kept",
    ["附件(PDF)格式", "下载(app)客户端", "智能读(区块指引)功能", "第(一)项", "区（县）政府"],
)
def test_brackets_that_are_not_pinyin_stay(kept):
    text, _ = normalise(kept)
    assert text.text == kept.replace("（", "(").replace("）", ")")


def test_full_width_forms_are_folded():
    text, _ = normalise("第（一）项：１２３件，共ＡＢ")
    assert text.text == "第(一)项:123件,共AB"


@pytest.mark.parametrize(
    ("source", "script"),
    [
        ("我區共收到依申請公開24件，均在規定時間予以答覆。", "traditional"),
        ("我区共收到依申请公开24件，均在规定时间予以答复。", "simplified"),
        ("abc 123", "simplified"),
    ],
)
def test_script_detection(source, script):
    assert detect_script(source) == script


def test_compact_removes_whitespace_inside_chinese_but_keeps_it_between_numbers():
    text = Text.of("不予 公开\t0  0 0\n2020 年 政府\n信息 公开")
    assert text.compact().text == "不予公开0 0 0\n2020年政府信息公开"


def test_snippets_quote_the_source_as_published():
    source = "全年辦(bàn)結(jié)120件，其中予以公開56件"
    text, _ = normalise(source)
    compact = text.compact()
    start = compact.text.index("全年")
    end = compact.text.index("件") + 1
    assert compact.text[start:end] == "全年办结120件"
    assert compact.snippet(start, end) == "全年辦(bàn)結(jié)120件"


def test_years_in_chinese_digits_become_arabic():
    text, _ = normalise("江州市教育局二〇二二年政府信息公开工作年度报告，一二三件")
    assert text.text == "江州市教育局2022年政府信息公开工作年度报告,一二三件"
    assert text.snippet(6, 11) == "二〇二二年"
