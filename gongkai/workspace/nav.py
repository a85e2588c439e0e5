"""The staff workspace's navigation: each capability's app adds its entries here, each shown
only to users holding the capability somewhere."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.orgs.roles import Capability


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability | None = None


NAV: list[NavItem] = [
    NavItem("工作台", "workspace:home"),
    NavItem("依申请公开", "cases:list", Capability.CASE_VIEW),
    NavItem("登记申请", "cases:new", Capability.CASE_REGISTER),
    NavItem("年度报告", "reports:overview", Capability.REPORT_VIEW),
    NavItem("年报库", "reports:library", Capability.REPORT_VIEW),
    NavItem("年报比对", "reports:library_compare", Capability.REPORT_VIEW),
    NavItem("期限计算器", "workspace:deadline_calculator", Capability.DEADLINE_VIEW),
    NavItem("主动公开", "publications_ws:list", Capability.DOCUMENT_VIEW),
    NavItem("征求意见", "publications_ws:consultations", Capability.DOCUMENT_VIEW),
    NavItem("行政决定数据", "publications_ws:decisions", Capability.REPORT_COMPILE),
    NavItem("智能问答知识库", "search_staff:faq_list", Capability.FAQ_MANAGE),
    NavItem("同义词与词典", "search_staff:vocabulary", Capability.FAQ_MANAGE),
    NavItem("检索分析", "search_staff:analytics", Capability.FAQ_MANAGE),
]
