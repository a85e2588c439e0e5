"""The remedy clause every decision letter must contain (spec §1.5, §4; 行政复议法 2023).

From 2024-01-01, "申请政府信息公开，行政机关不予公开" must go to administrative review first
(行政复议法 第二十三条第一款第四项, 第二款) and the organ must say so in its decision. We apply
the review-first wording to 不予公开 and to 部分公开 (whose withheld part is a refusal).
Letters decided before that date keep the old wording (spec §8 item 11).
"""

from __future__ import annotations

from datetime import date

REVIEW_FIRST_FROM = date(2024, 1, 1)


def remedy_clause(*, review_body: str, court: str, decided_on: date, review_first: bool) -> str:
    if review_first and decided_on >= REVIEW_FIRST_FROM:
        return (
            f"如对本答复不服，依据《中华人民共和国行政复议法》第二十三条第一款第四项的规定，"
            f"应当自收到本答复之日起六十日内先向{review_body}申请行政复议；"
            f"对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向{court}提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议，"
        f"或者自收到本答复之日起六个月内依法向{court}提起行政诉讼。"
    )
