"""``gongkai report`` — annual reports (年度报告).

gongkai report parse FILE... [--json]

``parse`` reads published reports (TXT, HTML, PDF, DOCX; UTF-8, GBK/GB18030 or Big5;
simplified or traditional) into the canonical statistics model. With ``--json`` it prints one
JSON object per file, one per line, in the order given (the contract of issue 8: ``source``,
``agency``, ``year``, ``format``, ``script``, ``statistics``, ``summary``, ``evidence``,
``warnings``; an unreadable or missing file gives ``{"source", "error"}``). The other files are
still read; the exit code is 1 when any file failed.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongkai.core.commands import GongkaiCommand
from gongkai.reports.ingest.contradictions import SUMMARY_LABELS
from gongkai.reports.ingest.parse import ParseResult, parse_report

SCRIPT_NAMES = {"simplified": "简体", "traditional": "繁体"}


class Command(GongkaiCommand):
    help = "年度报告：解析已发布的政府信息公开工作年度报告"

    def add_arguments(self, parser):
        sub = self.add_subcommands(parser)
        parse = sub.add_parser("parse", help="解析已发布的年度报告（TXT、HTML、PDF、DOCX）")
        parse.add_argument("files", nargs="+", metavar="FILE")
        parse.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_parse(self, options):
        failed = 0
        for name in options["files"]:
            result = self.parse_file(name)
            if result.error is not None:
                failed += 1
            if options["json"]:
                self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False))
            else:
                self.stdout.write(self.describe(result))
        if failed:
            self.fail(f"{failed} 个文件无法读取", code=1)

    @staticmethod
    def parse_file(name: str) -> ParseResult:
        path = Path(name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            return ParseResult(source=name, error=f"无法读取文件：{exc.strerror or exc}")
        try:
            result = parse_report(data, path.name)
        except Exception as exc:  # the contract: an error object, never a traceback
            return ParseResult(source=name, error=f"解析失败：{type(exc).__name__}: {exc}")
        result.source = name
        return result

    @staticmethod
    def describe(result: ParseResult) -> str:
        if result.error is not None:
            return f"{result.source}：错误：{result.error}\n"
        lines = [
            f"{result.source}",
            f"  机关：{result.agency or '未识别'}　年度：{result.year or '未识别'}　"
            f"格式：{result.format or '未识别'}　文字：{SCRIPT_NAMES.get(result.script or '', '')}",
        ]
        if not result.summary:
            lines.append("  未找到统计数字")
        for key, value in result.summary.items():
            lines.append(f"  {SUMMARY_LABELS[key]}：{value}　（“{result.evidence.get(key, '')}”）")
        for warning in result.warnings:
            lines.append(f"  提示：{warning['message']}")
        return "\n".join(lines) + "\n"
