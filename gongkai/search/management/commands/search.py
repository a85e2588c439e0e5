"""``gongkai search "QUERY" [--limit N] [--organ CODE] [--kind K] [--year Y] --json``

The contract (issue #7): with ``--json`` stdout is a JSON list of results, each with ``id``
(the search key), ``title``, ``kind``, ``organ`` (organ code), ``published_on`` (ISO date or
null), ``url``, ``score`` and ``snippet`` (plain text around the match). Bad input: one line on
stderr, exit 2.
"""

from __future__ import annotations

import json

from gongkai.core.commands import GongkaiCommand
from gongkai.orgs.models import Organ
from gongkai.search import retrieval
from gongkai.search.assistant import plain
from gongkai.search.backends.base import Filters
from gongkai.search.documents import KINDS


def result_json(result) -> dict:
    return {
        "id": result.key,
        "title": result.title,
        "kind": result.kind,
        "organ": result.organ_code,
        "published_on": result.published_on.isoformat() if result.published_on else None,
        "url": result.url,
        "score": result.score,
        "snippet": plain(result.snippet),
    }


class Command(GongkaiCommand):
    help = "检索政策文件、解读、年度报告和常见问题"

    def add_arguments(self, parser):
        parser.add_argument("query", help="检索词，例如：社保补贴、青山府规〔2024〕3号")
        parser.add_argument("--limit", type=int, default=10, help="返回条数（1–100，默认10）")
        parser.add_argument("--organ", help="只检索该机关（机关代码）")
        parser.add_argument("--kind", choices=sorted(KINDS), help="只检索该类别")
        parser.add_argument("--year", type=int, help="只检索该年份发布的")
        parser.add_argument("--method", choices=retrieval.METHODS, default="hybrid")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        query = (options["query"] or "").strip()
        if not query:
            self.fail("检索词不能为空")
        if len(query) > 200:
            self.fail("检索词不能超过200字")
        limit = options["limit"]
        if not 1 <= limit <= 100:
            self.fail("--limit 应在 1 到 100 之间")
        organ = options["organ"]
        if organ and not Organ.objects.filter(code=organ).exists():
            self.fail(f"未知的机关代码：{organ}")
        filters = Filters(
            organs=(organ,) if organ else (),
            kinds=(options["kind"],) if options["kind"] else (),
            years=(options["year"],) if options["year"] else (),
        )
        page = retrieval.search(query, filters=filters, per_page=limit, method=options["method"])
        if options["json"]:
            self.stdout.write(
                json.dumps([result_json(r) for r in page.results], ensure_ascii=False, indent=2)
            )
            return
        if not page.results:
            self.stdout.write("没有找到相关结果。")
            if page.suggestions:
                self.stdout.write("可以试试：" + "、".join(page.suggestions))
            return
        self.stdout.write(f"共 {page.total} 条结果：")
        for n, r in enumerate(page.results, start=1):
            date = r.published_on.isoformat() if r.published_on else "—"
            self.stdout.write(f"{n}. {r.title}  [{r.kind_label}] {r.organ_name} {date}")
            self.stdout.write(f"   {r.url}")
            if r.snippet:
                self.stdout.write(f"   {plain(r.snippet)}")
