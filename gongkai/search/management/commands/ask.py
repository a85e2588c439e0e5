"""``gongkai ask "QUESTION" [--organ CODE] --json``

The contract (issue #7): with ``--json`` stdout is
``{"answer_type": "faq"|"passage"|"none", "answer": TEXT, "citations": [{"id", "title", "url"}]}``.
Bad input: one line on stderr, exit 2.
"""

from __future__ import annotations

import json

from gongkai.core.commands import GongkaiCommand
from gongkai.core.errors import InvalidInput
from gongkai.orgs.models import Organ
from gongkai.search.assistant import ask


class Command(GongkaiCommand):
    help = "智能问答：从常见问题和政策文件中找出答案，并注明出处"

    def add_arguments(self, parser):
        parser.add_argument("question", help="问题，例如：低保每个月能领多少钱？")
        parser.add_argument("--organ", help="找不到答案时给出该机关的联系方式（机关代码）")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        organ = options["organ"]
        if organ and not Organ.objects.filter(code=organ).exists():
            self.fail(f"未知的机关代码：{organ}")
        try:
            answer = ask(options["question"], organ_code=organ)
        except InvalidInput as exc:
            self.fail(exc.message)
        if options["json"]:
            self.stdout.write(json.dumps(answer.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(answer.answer)
        if answer.citations:
            self.stdout.write("出处：")
            for c in answer.citations:
                self.stdout.write(f"  {c.title}  {c.url}")
