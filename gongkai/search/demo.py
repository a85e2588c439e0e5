"""Demo FAQ entries (智能问答知识库) for the demo district, then a rebuild of the index from
every registered source. Idempotent."""

from __future__ import annotations

import json

from gongkai.orgs.models import Organ
from gongkai.search import services
from gongkai.search.models import FaqEntry
from gongkai.search.text import DATA_DIR


def load() -> list[str]:
    created = 0
    for line in (DATA_DIR / "demo_faq.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        organ = Organ.objects.filter(code=row["organ"]).first()
        if organ is None or FaqEntry.objects.filter(question=row["question"]).exists():
            continue
        services.faq_create(
            actor=None,
            organ=organ,
            question=row["question"],
            variants="\n".join(row["variants"]),
            answer=row["answer"],
            document_keys=row["document_keys"],
        )
        created += 1
    counts = services.reindex()
    summary = "，".join(f"{name} {n} 条" for name, n in counts.items())
    return [f"智能问答知识库：新增 {created} 条常见问题；检索索引：{summary}。"]
