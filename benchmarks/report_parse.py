"""Throughput of the annual-report parser (reports.ingest) on one core.

    .venv/bin/python benchmarks/report_parse.py [--seconds 5]

Pins itself to one CPU (``os.sched_setaffinity``) and parses, single-process, in a loop:

- text/HTML: the five seed reports, the hand-made text and HTML fixtures, and generated
  variants (the sample report of the tests with every figure scaled, as an HTML page with
  navigation noise and as the plain text of its PDF);
- PDF: generated variants with and without ruling lines (WeasyPrint, CJK font embedded);
- DOCX: generated variants (reported for information; no target).

Targets (issue 8): ≥ 50 text/HTML reports/s, ≥ 5 PDF reports/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

from gongkai.reports.ingest import parse_report  # noqa: E402
from gongkai.reports.ingest.decode import decode  # noqa: E402
from gongkai.reports.tests import ingest_samples  # noqa: E402

FIXTURES = ROOT / "gongkai" / "reports" / "tests" / "fixtures"
TARGETS = {"text/HTML": 50.0, "PDF": 5.0}


def scaled(factor: int):
    stats = ingest_samples.sample_statistics()
    for table in (stats.applications, stats.remedies, stats.proactive):
        for row in table.values():
            for column, value in row.items():
                if value is not None:
                    row[column] = value * factor
    return stats


def corpus(variants: int) -> dict[str, list[tuple[str, bytes]]]:
    text = [(p.name, p.read_bytes()) for p in sorted((FIXTURES / "seeds").glob("*.txt"))]
    text += [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.txt"))]
    text += [(p.name, p.read_bytes()) for p in sorted(FIXTURES.glob("*.html"))]
    pdf, docx = [], []
    for factor in range(1, variants + 1):
        stats = scaled(factor)
        text.append(
            (f"variant{factor}.html", ingest_samples.report_html(stats, noise=True).encode())
        )
        ruled = ingest_samples.report_pdf(stats, ruled=True)
        pdf.append((f"variant{factor}.pdf", ruled))
        pdf.append((f"variant{factor}-unruled.pdf", ingest_samples.report_pdf(stats, ruled=False)))
        text.append((f"variant{factor}.txt", decode(ruled, "x.pdf").text.encode()))
        docx.append((f"variant{factor}.docx", ingest_samples.report_docx(stats)))
    return {"text/HTML": text, "PDF": pdf, "DOCX": docx}


def measure(files: list[tuple[str, bytes]], seconds: float) -> tuple[float, int]:
    for name, data in files:  # warm-up, and every file must parse
        result = parse_report(data, name)
        if result.error:
            raise SystemExit(f"{name}: {result.error}")
    count = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        for name, data in files:
            parse_report(data, name)
            count += 1
    elapsed = time.perf_counter() - start
    return count / elapsed, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="time per category")
    parser.add_argument("--variants", type=int, default=4)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    import django

    django.setup()
    files = corpus(args.variants)
    print(f"one core, single process; {args.seconds:.0f} s per category")
    failed = False
    for category, items in files.items():
        rate, count = measure(items, args.seconds)
        target = TARGETS.get(category)
        verdict = "" if target is None else (" ok" if rate >= target else " BELOW TARGET")
        failed |= bool(target) and rate < target
        print(
            f"{category:10} {len(items):3} files  {count:5} parses  {rate:7.1f} reports/s  "
            f"{1000 / rate:6.1f} ms/report"
            + (f"  (target ≥ {target:.0f}/s){verdict}" if target else "")
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
