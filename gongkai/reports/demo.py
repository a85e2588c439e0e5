"""Demo annual reports: the demo district's reports for the last full year, compiled from its
records and published (the district and a few departments), and the report library filled with
five real published reports of Guangzhou districts and departments (the project's seeds)."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from gongkai.orgs.models import Organ
from gongkai.reports.library.services import library_import
from gongkai.reports.models import AnnualReport
from gongkai.reports.services import report_start, report_transition, report_update

SEEDS = Path(__file__).resolve().parent / "data" / "seed_reports"
PUBLISHED_DEPARTMENTS = ("zrzy", "zjj", "jyj", "fgj")


def load() -> list[str]:
    if AnnualReport.objects.filter(organ__code__startswith="qingshan").exists():
        return ["年度报告：演示数据已存在，未做改动。"]
    district = Organ.objects.filter(code="qingshan").first()
    if district is None:
        return ["年度报告：缺少演示机关，跳过。"]
    year = timezone.localdate().year - 1
    published = 0
    organs = [
        district,
        *Organ.objects.filter(code__in=[f"qingshan-{c}" for c in PUBLISHED_DEPARTMENTS]),
    ]
    for organ in organs:
        report = report_start(actor=None, organ=organ, year=year)
        report_update(
            actor=None,
            report=report,
            problems=(
                "<h3>（一）存在的主要问题</h3><p>依申请公开答复的说理还不够充分，部分答复书对不予公开的理由阐述简略；"
                "政策解读的形式还比较单一。</p><h3>（二）改进情况</h3><p>下一年度将规范答复书的说理部分，"
                "推行图解、问答等多种解读形式，加强业务培训。</p>"
            ),
        )
        for action in ("submit", "approve", "publish"):
            report_transition(actor=None, report=report, action=action)
        published += 1
    parsed = 0
    for path in sorted(SEEDS.glob("*.txt")):
        library_import(actor=None, data=path.read_bytes(), filename=path.name)
        parsed += 1
    return [
        f"年度报告：发布演示区{year}年度报告 {published} 份；年报库导入已公开的真实年报 {parsed} 份。"
    ]
