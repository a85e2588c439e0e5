"""``gongkai search-embed [--limit N]`` — compute the embeddings the index is missing (the
background task does the same after each indexing)."""

from __future__ import annotations

from gongkai.core.commands import GongkaiCommand
from gongkai.search import services
from gongkai.search.embeddings import get_embedder


class Command(GongkaiCommand):
    help = "计算检索条目缺失的语义向量"

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="最多处理的条目数")

    def handle(self, *args, **options):
        if options["limit"] is not None and options["limit"] < 1:
            self.fail("--limit 应为正整数")
        embedder = get_embedder()
        if embedder is None:
            self.fail("未配置语义模型（GONGKAI_SEARCH_EMBEDDER=none）")
        count = services.embed_pending(embedder=embedder, limit=options["limit"])
        self.stdout.write(f"已计算 {count} 个条目的语义向量（模型 {embedder.name}）")
