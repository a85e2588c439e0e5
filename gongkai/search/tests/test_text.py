"""The pure text pipeline: normalisation, document numbers, query analysis, snippets."""

from __future__ import annotations

import pytest

from gongkai.search.text import (
    Segmenter,
    analyse_query,
    find_doc_numbers,
    highlight,
    load_dictionary_file,
    normalise,
    normalise_doc_number,
    passages,
)


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter(load_dictionary_file())


def test_normalise_folds_width_case_and_traditional_keeping_length():
    original = "社會保險ＡＢＣ１２３　繳費（２０２４）"
    folded = normalise(original)
    assert folded == "社会保险abc123 缴费(2024)"
    assert len(folded) == len(original)


@pytest.mark.parametrize(
    "written",
    [
        "青山府规〔2024〕3号",
        "青山府规[2024]3号",
        "青山府规(2024)3号",
        "青山府规（2024）3号",
        "青山府规【2024】3号",
        "青山府规［２０２４］３号",
        "青山府规〔2024〕03号",
        "青山府規〔2024〕3號",
    ],
)
def test_document_numbers_in_any_bracket_style_are_one_number(written):
    assert normalise_doc_number(written) == "青山府规〔2024〕3号"


def test_document_number_in_running_text_drops_the_words_before_it():
    numbers = find_doc_numbers(normalise("根据青山人社规（2021）4号的规定"))
    assert [n.canonical for n in numbers] == ["青山人社规〔2021〕4号"]


def test_different_numbers_stay_different():
    assert normalise_doc_number("青山府规〔2024〕3号") != normalise_doc_number(
        "青山府规〔2024〕5号"
    )
    assert normalise_doc_number("青山府规〔2023〕3号") != normalise_doc_number(
        "青山府规〔2024〕3号"
    )


def test_search_mode_keeps_long_dictionary_words_inside_compounds(segmenter):
    tokens = segmenter.index_tokens(normalise("缴纳社会保险费"))
    assert "社会保险" in tokens and "社会保险费" in tokens


def test_query_drops_stop_words_and_expands_synonyms(segmenter):
    query = analyse_query("请问社保怎么交？", segmenter, {"社保": ("社会保险",)})
    assert ("社保", "社会保险") in query.groups
    assert not any("怎么" in g or "请问" in g for g in query.groups)


def test_traditional_query_is_analysed_as_simplified(segmenter):
    query = analyse_query("穩崗返還", segmenter)
    assert query.normalised == "稳岗返还"


def test_highlight_marks_words_on_the_original_text_and_escapes_html(segmenter):
    original = "職工可以提取住房公積金<script>支付房租"
    query = analyse_query("公积金", segmenter)
    snippet = highlight(original, query, segmenter)
    assert "<mark>公積金</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet


def test_highlight_cuts_a_window_around_the_match(segmenter):
    original = "前言。" * 60 + "灵活就业人员可以申请社会保险补贴。" + "附则。" * 60
    snippet = highlight(original, analyse_query("社会保险补贴", segmenter), segmenter)
    assert "申请<mark>社会保险补贴</mark>。" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 220


def test_passages_group_sentences_and_cover_the_text():
    text = "第一条 甲。" * 30
    spans = passages(text, size=50)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(e - s <= 100 for s, e in spans)
