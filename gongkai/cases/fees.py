"""信息处理费 (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号; spec §2). Pure.

Two progressive (超额累进) bases; one per application, never both (第三条):

- 按件计收 (第四条): the same applicant's items counted cumulatively within a natural month.
  The k-th item of the month costs 0 for k ≤ 10, 100 元 for 11 ≤ k ≤ 30, and from the 31st in
  bands of ten each 100 元 dearer: 31–40 → 200, 41–50 → 300, … i.e. 100 + 100·⌈(k−30)/10⌉.
  Example: 35 items in a month → 20×100 + 5×200 = 3,000 元.
- 按量计收 (第五条): pages of one application: 1–30 free; 31–100 → 10 元/页; 101–200 → 20 元/页;
  from 201 → 40 元/页. Example: 250 pages → 70×10 + 100×20 + 50×40 = 4,700 元.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import models


class FeeBasis(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_PAGE = "per_page", "按量计收"


def item_rate(k: int) -> int:
    """Price in yuan of the k-th item of the applicant's month (k ≥ 1)."""
    if k <= 10:
        return 0
    if k <= 30:
        return 100
    return 100 + 100 * math.ceil((k - 30) / 10)


def page_rate(page: int) -> int:
    if page <= 30:
        return 0
    if page <= 100:
        return 10
    if page <= 200:
        return 20
    return 40


@dataclass(frozen=True)
class FeeQuote:
    basis: str
    amount: int  # yuan
    units: int  # items of this application, or pages
    first_unit: int  # the month position of this application's first item (per item), or 1
    explanation: tuple[str, ...]


def quote_per_item(*, earlier_items_in_month: int, items: int) -> FeeQuote:
    """Fee for an application of ``items`` items when the applicant already made
    ``earlier_items_in_month`` items in the same natural month."""
    if items < 1 or earlier_items_in_month < 0:
        raise ValueError("件数应为正数")
    positions = range(earlier_items_in_month + 1, earlier_items_in_month + items + 1)
    amount = sum(item_rate(k) for k in positions)
    return FeeQuote(
        FeeBasis.PER_ITEM,
        amount,
        items,
        positions[0],
        (
            "依据《政府信息公开信息处理费管理办法》第四条按件计收：同一申请人一个自然月内累计申请",
            f"本申请为当月第{positions[0]}至第{positions[-1]}件；10件以内免收，11至30件每件100元，"
            f"31件起每10件为一档、每档每件加收100元；合计{amount}元。",
        ),
    )


def quote_per_page(*, pages: int) -> FeeQuote:
    if pages < 1:
        raise ValueError("页数应为正数")
    amount = sum(page_rate(p) for p in range(1, pages + 1))
    return FeeQuote(
        FeeBasis.PER_PAGE,
        amount,
        pages,
        1,
        (
            "依据《政府信息公开信息处理费管理办法》第五条按量计收：",
            f"共{pages}页；30页以内免收，31至100页每页10元，101至200页每页20元，201页起每页40元；合计{amount}元。",
        ),
    )
