"""Writes to the publication configuration: per-organ settings and review chain, the 主题分类
tree and the 专题专栏. Administrators (ORGAN_MANAGE) only; every change audited."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from gongkai.core.audit import audit_record
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability, Role
from gongkai.orgs.selectors import user_can
from gongkai.publications.index_numbers import pattern_problems
from gongkai.publications.models import (
    Category,
    Document,
    PublicationSettings,
    ReviewStep,
    TopicColumn,
)

REVIEW_ROLES = {Role.SECTION_HEAD.value, Role.LEADER.value, Role.OGI_HEAD.value}


def _require_manager(actor, organ: Organ | None = None) -> None:
    if actor is None:
        return
    if not user_can(actor, Capability.ORGAN_MANAGE, organ):
        raise NotAllowed("只有管理员可以修改主动公开设置")


@transaction.atomic
def publication_settings_save(
    *,
    actor,
    organ: Organ,
    index_pattern: str,
    require_interpretation: bool,
    evaluation_months: int,
    review_steps: Sequence[tuple[str, str]] | None = None,
) -> PublicationSettings:
    """Save an organ's 索引号 pattern, 三同步 switch, evaluation period and (optionally) its review
    chain as (name, role) pairs in order — an empty chain means the default 初审 → 复审 → 终审.
    Documents already in review keep the chain they were submitted with."""
    _require_manager(actor, organ)
    errors: dict[str, list[str]] = {}
    index_pattern = (index_pattern or "").strip()
    problems = pattern_problems(index_pattern)
    if problems:
        errors["index_pattern"] = problems
    if not 1 <= int(evaluation_months or 0) <= 120:
        errors["evaluation_months"] = ["评估周期应为1至120个月"]
    steps = None
    if review_steps is not None:
        steps = [((name or "").strip(), role or "") for name, role in review_steps]
        if any(not name for name, _ in steps):
            errors["review_steps"] = ["每个审核环节须有名称"]
        elif len({name for name, _ in steps}) != len(steps):
            errors["review_steps"] = ["审核环节名称不能重复"]
        elif any(role and role not in REVIEW_ROLES for _, role in steps):
            errors["review_steps"] = ["审核角色只能是科室负责人、分管领导或公开办负责人"]
    if errors:
        field, messages = next(iter(errors.items()))
        raise InvalidInput(messages[0], field=field, errors=errors)
    settings, _ = PublicationSettings.objects.select_for_update().get_or_create(organ=organ)
    settings.index_pattern = index_pattern
    settings.require_interpretation = bool(require_interpretation)
    settings.evaluation_months = int(evaluation_months)
    settings.save()
    if steps is not None:
        settings.steps.all().delete()
        ReviewStep.objects.bulk_create(
            [
                ReviewStep(settings=settings, position=n, name=name, role=role)
                for n, (name, role) in enumerate(steps, start=1)
            ]
        )
    audit_record(
        actor=actor,
        action="publications.settings",
        target=settings,
        organ_id=organ.pk,
        data={
            "index_pattern": index_pattern,
            "require_interpretation": settings.require_interpretation,
            "evaluation_months": settings.evaluation_months,
            "review_steps": [name for name, _ in steps] if steps is not None else None,
        },
    )
    return settings


def _category_path(category: Category) -> tuple[str, str]:
    parent = category.parent
    path = f"{parent.path if parent else '/'}{category.code}/"
    label = f"{parent.label}\\{category.name}" if parent else category.name
    return path, label


@transaction.atomic
def category_save(
    *,
    actor,
    code: str,
    name: str,
    parent: Category | None = None,
    sort_order: int = 0,
    is_active: bool = True,
    category: Category | None = None,
) -> Category:
    """Create (``category=None``) or change a 主题分类 node; a move or rename updates the paths
    and full names of its subtree."""
    _require_manager(actor)
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not all(ch.isalnum() or ch in "-_" for ch in code):
        raise InvalidInput("分类代码只能包含字母、数字、- 和 _", field="code")
    if not name or "\\" in name:
        raise InvalidInput("请填写名称（不能包含反斜杠）", field="name")
    clash = Category.objects.filter(code=code)
    if category is not None:
        clash = clash.exclude(pk=category.pk)
    if clash.exists():
        raise InvalidInput(f"分类代码“{code}”已存在", field="code")
    if category is None:
        category = Category()
        old_path = None
    else:
        category = Category.objects.select_for_update().get(pk=category.pk)
        old_path = category.path
        if parent is not None and parent.path.startswith(category.path):
            raise InvalidInput("不能把分类移到它自己的下级之下", field="parent")
    category.code, category.name, category.parent = code, name, parent
    category.sort_order, category.is_active = sort_order, is_active
    category.path, category.label = _category_path(category)
    category.save()
    if old_path is not None:  # a rename or a move changes the subtree's paths and full names
        _refresh_subtree(category)
        if old_path.split("/")[1] != category.path.split("/")[1]:  # moved under another root
            root_code = category.path.split("/")[1]
            subtree = Category.objects.filter(path__startswith=category.path)
            Document.objects.filter(category__in=subtree).update(
                category_root=Category.objects.get(code=root_code)
            )
    audit_record(
        actor=actor,
        action="publications.category",
        target=category,
        data={"code": code, "name": name, "parent": parent.code if parent else None},
    )
    return category


def _refresh_subtree(root: Category) -> None:
    frontier = [root]
    while frontier:
        children = list(Category.objects.filter(parent__in=frontier).select_related("parent"))
        by_id = {c.pk: c for c in frontier}
        for child in children:
            child.parent = by_id[child.parent_id]
            child.path, child.label = _category_path(child)
        Category.objects.bulk_update(children, ["path", "label"])
        frontier = children


@transaction.atomic
def topic_save(
    *,
    actor,
    code: str,
    name: str,
    description: str = "",
    sort_order: int = 0,
    is_active: bool = True,
    topic: TopicColumn | None = None,
) -> TopicColumn:
    _require_manager(actor)
    code, name = (code or "").strip(), (name or "").strip()
    if not code or not all(ch.isalnum() or ch in "-_" for ch in code) or not code.isascii():
        raise InvalidInput("专栏代码只能包含英文字母、数字、- 和 _", field="code")
    if not name:
        raise InvalidInput("请填写名称", field="name")
    clash = TopicColumn.objects.filter(code=code)
    if topic is not None:
        clash = clash.exclude(pk=topic.pk)
    if clash.exists():
        raise InvalidInput(f"专栏代码“{code}”已存在", field="code")
    topic = topic or TopicColumn()
    topic.code, topic.name, topic.description = code, name, description
    topic.sort_order, topic.is_active = sort_order, is_active
    topic.save()
    audit_record(actor=actor, action="publications.topic", target=topic, data={"code": code})
    return topic
