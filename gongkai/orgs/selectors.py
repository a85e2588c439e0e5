"""Reads of organs and staff, always through the caller's capabilities.

``organ_ids_for(user, capability)`` is the gate every other app's selectors use: the organs in
which the user holds a role granting the capability, expanded to sub-organs for ``subtree``
memberships. It is computed once per user object and request.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.orgs.models import Membership, Organ, User
from gongkai.orgs.roles import ROLE_CAPABILITIES, Capability, Role, Scope

_CACHE_ATTR = "_gongkai_organ_ids"


def _grants(user) -> list[tuple[str, str, str, int]]:
    cache = getattr(user, "_gongkai_grants", None)
    if cache is None:
        cache = list(
            Membership.objects.filter(user=user, organ__is_active=True).values_list(
                "role", "scope", "organ__path", "organ_id"
            )
        )
        user._gongkai_grants = cache
    return cache


def organ_ids_for(user, capability: Capability) -> frozenset[int]:
    """Ids of the organs where ``user`` may exercise ``capability``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = getattr(user, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(user, _CACHE_ATTR, cache)
    if capability in cache:
        return cache[capability]
    if user.is_superuser:
        ids = frozenset(Organ.objects.values_list("pk", flat=True))
    else:
        direct, prefixes = set(), []
        for role, scope, path, organ_id in _grants(user):
            if capability in ROLE_CAPABILITIES[Role(role)]:
                direct.add(organ_id)
                if scope == Scope.SUBTREE:
                    prefixes.append(path)
        ids = set(direct)
        if prefixes:
            # one query per distinct set of subtrees, not per capability: a head's grants give
            # the same subtree for review, signing and viewing
            key = ("subtrees", frozenset(prefixes))
            if key not in cache:
                condition = Q()
                for prefix in prefixes:
                    condition |= Q(path__startswith=prefix)
                cache[key] = frozenset(Organ.objects.filter(condition).values_list("pk", flat=True))
            ids |= cache[key]
        ids = frozenset(ids)
    cache[capability] = ids
    return ids


def forget_permissions(user) -> None:
    """Drop the per-object cache after memberships change."""
    for attr in (_CACHE_ATTR, "_gongkai_grants"):
        if hasattr(user, attr):
            delattr(user, attr)


def user_can(user, capability: Capability, organ: Organ | int | None = None) -> bool:
    """May ``user`` exercise ``capability`` in ``organ`` (or anywhere, when organ is None)?"""
    ids = organ_ids_for(user, capability)
    if organ is None:
        return bool(ids)
    return (organ.pk if isinstance(organ, Organ) else organ) in ids


def organs_for(user, capability: Capability) -> QuerySet[Organ]:
    return Organ.objects.filter(pk__in=organ_ids_for(user, capability))


def user_capabilities(user) -> set[Capability]:
    if user.is_superuser:
        return set(Capability)
    return {cap for role, *_ in _grants(user) for cap in ROLE_CAPABILITIES[Role(role)]}


def organ_get(code: str) -> Organ:
    return Organ.objects.get(code=code)


def organ_subtree(organ: Organ) -> QuerySet[Organ]:
    return Organ.objects.filter(path__startswith=organ.path)


def organ_roots() -> QuerySet[Organ]:
    return Organ.objects.filter(parent__isnull=True, is_active=True)


def staff_visible_to(user) -> QuerySet[User]:
    """Staff an administrator may see: those holding a role in an organ they manage."""
    if user.is_superuser:
        return User.objects.all()
    organ_ids = organ_ids_for(user, Capability.STAFF_MANAGE)
    return User.objects.filter(memberships__organ_id__in=organ_ids).distinct()


def memberships_of(user) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organ")
