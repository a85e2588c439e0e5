"""``gongkai report`` — annual reports (年度报告).

gongkai report annual --organ CODE --year YYYY --format json|html|docx|pdf [-o FILE]
gongkai report annual --list
gongkai report parse FILE... [--json]
gongkai report import FILE... [--organ CODE]

``annual`` renders an organ's report for a year (the contract of issue 4): the latest report
record if staff opened one (frozen figures once published), else figures computed now with a
generated narrative draft. An unknown organ or a year with no data: exit 2, one line.

``parse`` reads published reports (TXT, HTML, PDF, DOCX; UTF-8, GBK/GB18030 or Big5;
simplified or traditional) into the canonical statistics model. With ``--json`` it prints one
JSON object per file, one per line, in the order given (the contract of issue 8: ``source``,
``agency``, ``year``, ``format``, ``script``, ``statistics``, ``summary``, ``evidence``,
``warnings``; an unreadable or missing file gives ``{"source", "error"}``). The other files are
still read; the exit code is 1 when any file failed.

``import`` parses each file and stores it in the report library (年报库), one report per organ
and year (importing the same organ and year again updates it). One line per file, in the order
given: ``FILE：已导入|已更新 机关 年度 …`` or ``FILE：错误：…``; the other files are still
imported, and the exit code is 1 when any file failed. ``--organ CODE`` assigns every file to
that organ instead of matching the agency named in the report (an unknown code: exit 2).
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
        annual = sub.add_parser(
            "annual", help="生成政府信息公开工作年度报告（JSON、HTML、DOCX、PDF）"
        )
        annual.add_argument("--organ", help="机关代码")
        annual.add_argument("--year", type=int, help="统计年度")
        annual.add_argument(
            "--format",
            dest="output_format",
            choices=["json", "html", "docx", "pdf"],
            default="json",
        )
        annual.add_argument("-o", "--output", help="输出文件（默认标准输出；DOCX、PDF 必须指定）")
        annual.add_argument("--list", action="store_true", help="列出机关代码")
        parse = sub.add_parser("parse", help="解析已发布的年度报告（TXT、HTML、PDF、DOCX）")
        parse.add_argument("files", nargs="+", metavar="FILE")
        parse.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
        imports = sub.add_parser(
            "import", help="解析年度报告并导入年报库（同一机关同一年度更新原记录）"
        )
        imports.add_argument("files", nargs="+", metavar="FILE")
        imports.add_argument("--organ", help="指定机关代码（不按报告中的机关名称匹配）")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_annual(self, options):
        from django.core.exceptions import ObjectDoesNotExist

        from gongkai.orgs.models import Organ
        from gongkai.reports.compute import has_data
        from gongkai.reports.models import AnnualReport
        from gongkai.reports.render import render_docx, render_html, render_json, render_pdf
        from gongkai.reports.services import adhoc_document, report_document

        if options["list"]:
            for organ in Organ.objects.filter(is_active=True).order_by("path"):
                self.stdout.write(f"{organ.code}\t{organ.name}")
            return
        if not options["organ"] or not options["year"]:
            self.fail("请同时指定 --organ 和 --year（或使用 --list 查看机关代码）")
        try:
            organ = Organ.objects.get(code=options["organ"])
        except ObjectDoesNotExist:
            self.fail(
                f"未知机关代码：{options['organ']}（gongkai report annual --list 可列出机关代码）"
            )
        year = options["year"]
        report = AnnualReport.objects.filter(organ=organ, year=year).order_by("-version").first()
        if report is None and not has_data(organ, year):
            self.fail(f"{organ.name}{year}年没有任何数据，无法生成年度报告")
        document = report_document(report) if report else adhoc_document(organ, year)
        kind = options["output_format"]
        if kind == "json":
            output: bytes | str = json.dumps(render_json(document), ensure_ascii=False, indent=2)
        elif kind == "html":
            output = render_html(document)
        elif kind == "docx":
            output = render_docx(document)
        else:
            output = render_pdf(document)
        if options["output"]:
            path = Path(options["output"])
            try:
                path.write_bytes(output if isinstance(output, bytes) else output.encode("utf-8"))
            except OSError as exc:
                self.fail(f"无法写入 {path}：{exc.strerror}")
            self.stderr.write(f"已生成 {path}")
        elif isinstance(output, bytes):
            self.fail("DOCX 和 PDF 请用 -o 指定输出文件")
        else:
            self.stdout.write(output)

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

    def do_import(self, options):
        from django.core.exceptions import ObjectDoesNotExist

        from gongkai.core.errors import GongkaiError
        from gongkai.orgs.models import Organ
        from gongkai.reports.library.services import library_import

        organ = None
        if options["organ"]:
            try:
                organ = Organ.objects.get(code=options["organ"])
            except ObjectDoesNotExist:
                self.fail(
                    f"未知机关代码：{options['organ']}（gongkai report annual --list 可列出机关代码）"
                )
        failed = 0
        for name in options["files"]:
            path = Path(name)
            try:
                data = path.read_bytes()
            except OSError as exc:
                failed += 1
                self.stdout.write(f"{name}：错误：无法读取文件：{exc.strerror or exc}")
                continue
            try:
                report, created = library_import(
                    actor=None, data=data, filename=path.name, organ=organ
                )
            except GongkaiError as exc:
                failed += 1
                self.stdout.write(f"{name}：错误：{exc.message}")
                continue
            where = report.organ.code if report.organ else "平台外机关"
            self.stdout.write(
                f"{name}：{'已导入' if created else '已更新'} {report.agency} {report.year}年度"
                f"（{where}，编号 {report.pk}）"
            )
        if failed:
            self.fail(f"{failed} 个文件未能导入", code=1)

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
