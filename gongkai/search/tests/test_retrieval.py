"""What a citizen sees from search, on every backend. Expected documents come from the
judged fixture corpus (tests/fixtures/corpus.jsonl), not from running the code."""

from __future__ import annotations

import pytest

from gongkai.search import retrieval
from gongkai.search.backends.base import NO_FILTERS, Filters
from gongkai.search.evaluation import evaluate, load_judgments

pytestmark = pytest.mark.django_db


def keys(query, method="bm25", filters=NO_FILTERS):
    return [s.entry.key for s in retrieval.rank(retrieval.analyse(query), filters, method)]


def test_traditional_query_finds_the_simplified_document(corpus):
    assert keys("穩崗返還")[0] == "document:108"
    assert set(keys("高齡津貼")[:2]) == {"document:155", "document:156"}


@pytest.mark.parametrize(
    "query,expected",
    [
        ("青山人社规[2024]6号", "document:106"),
        ("青山人社规(2024)6号", "document:106"),
        ("青山人社规【2024】6号", "document:106"),
        ("青山府规（2023）1号", "document:115"),
        ("青山教规［2025］1号", "document:141"),
    ],
)
def test_document_number_in_any_brackets_puts_exactly_that_document_first(corpus, query, expected):
    ranked = retrieval.rank(retrieval.analyse(query), method="bm25")
    assert ranked[0].entry.key == expected
    assert [s.entry.key for s in ranked if s.exact] == [expected]


def test_document_number_also_finds_documents_that_cite_it(corpus):
    # 解读 document:107 cites the repealed 青山人社规〔2021〕4号 in its body.
    found = keys("青山人社规〔2021〕4号")
    assert found[0] == "document:105"
    assert "document:106" in found  # 第五条: “…（青山人社规〔2021〕4号）同时废止”


def test_synonyms_find_the_formal_wording(corpus):
    # “社保” never appears in document:101, which says 社会保险.
    assert "document:101" in keys("社保补贴灵活就业")[:3]
    # “公租房” = 公共租赁住房
    assert set(keys("公租房申请条件")[:3]) & {"document:136", "document:137", "document:330"}


def test_documents_in_force_rank_before_repealed_ones(corpus):
    ranked = keys("创业担保贷款实施办法")
    assert ranked.index("document:106") < ranked.index("document:105")


def test_filters_narrow_to_an_organ_kind_and_year(corpus):
    only = keys("补贴", filters=Filters(organs=("qingshan-mzj",)))
    assert only and all(
        k
        in {
            "document:155",
            "document:156",
            "document:157",
            "document:158",
            "document:301",
            "document:302",
            "document:313",
        }
        for k in only
    )
    interpretations = retrieval.rank(
        retrieval.analyse("补贴"), Filters(kinds=("interpretation",)), "bm25"
    )
    assert interpretations and all(s.entry.kind == "interpretation" for s in interpretations)
    in_2022 = retrieval.rank(retrieval.analyse("补贴"), Filters(years=(2022,)), "bm25")
    assert in_2022 and all(s.entry.year == 2022 for s in in_2022)


def test_page_has_facets_snippets_and_related_interpretations(corpus):
    page = retrieval.search("高龄津贴", method="bm25")
    # The policy and its interpretation are both judged relevant.
    assert {r.key for r in page.results[:2]} == {"document:155", "document:156"}
    policy = next(r for r in page.results if r.key == "document:155")
    assert "<mark>高龄津贴</mark>" in policy.snippet or "<mark>" in policy.snippet
    assert [link.key for link in policy.related] == ["document:156"]
    organs = {v.value: v.count for v in page.facets["organ"]}
    assert organs == {"qingshan-mzj": page.total}
    interpretation = next(r for r in page.results if r.key == "document:156")
    assert interpretation.interprets.key == "document:155"


def test_pagination(corpus):
    first = retrieval.search("补贴", method="bm25", per_page=5, page=1)
    second = retrieval.search("补贴", method="bm25", per_page=5, page=2)
    assert first.total > 5 and first.has_next
    assert not {r.key for r in first.results} & {r.key for r in second.results}


def test_partial_match_and_true_emptiness(corpus):
    page = retrieval.search("补贴 火星殖民", method="bm25")
    assert page.total > 0  # any informative word may match when all of them do not
    empty = retrieval.search("火星殖民飞船", method="bm25")
    assert empty.total == 0 and empty.results == []


def test_empty_result_suggests_words_that_do_find_something(corpus):
    page = retrieval.search("量子 补贴 火星", method="bm25", filters=Filters(kinds=("report",)))
    assert page.total == 0
    assert "补贴" in page.suggestions


def test_bm25_clearly_beats_the_like_baseline_on_the_judged_queries(corpus):
    judgments = load_judgments()
    bm25 = evaluate(lambda q: keys(q, "bm25"), judgments)
    like = evaluate(lambda q: keys(q, "like"), judgments)
    assert bm25.mrr >= 0.85 and bm25.recall >= 0.8
    assert bm25.mrr - like.mrr >= 0.5
