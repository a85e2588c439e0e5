"""Writes to organs, staff and roles. ``actor=None`` means the system itself (CLI, demo, data
migrations); a user actor must hold the capability over the organ concerned."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.calendars.models import Jurisdiction
from gongkai.calendars.selectors import national_jurisdiction
from gongkai.core.audit import audit_record
from gongkai.core.errors import InvalidInput, NotAllowed
from gongkai.orgs.identifiers import normalise_credit_code
from gongkai.orgs.models import Membership, Organ, User
from gongkai.orgs.roles import Capability, Role, Scope
from gongkai.orgs.selectors import forget_permissions, user_can

ORGAN_FIELDS = (
    "name",
    "short_name",
    "level",
    "credit_code",
    "division_code",
    "jurisdiction",
    "sort_order",
    "is_active",
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "office_website",
    "review_body",
    "court",
    "excluded_from_rollup",
    "rollup_note",
)


def _require(actor, capability: Capability, organ: Organ | None) -> None:
    if actor is None:
        return
    if organ is None:
        if not actor.is_superuser:
            raise NotAllowed("只有系统管理员可以操作顶级机关")
        return
    if not user_can(actor, capability, organ):
        raise NotAllowed(f"无权在“{organ.short_name}”执行此操作")


def _clean(instance, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        raise InvalidInput.from_django(exc) from None


@transaction.atomic
def organ_create(
    *,
    actor,
    code: str,
    name: str,
    short_name: str,
    level: str,
    parent: Organ | None = None,
    credit_code: str | None = None,
    jurisdiction: Jurisdiction | None = None,
    **fields,
) -> Organ:
    _require(actor, Capability.ORGAN_MANAGE, parent)
    unknown = set(fields) - set(ORGAN_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}")
    organ = Organ(
        code=code,
        name=name,
        short_name=short_name,
        level=level,
        parent=parent,
        credit_code=normalise_credit_code(credit_code) if credit_code else None,
        jurisdiction=jurisdiction or (parent.jurisdiction if parent else national_jurisdiction()),
        **fields,
    )
    _clean(organ)
    organ.save()
    organ.path = f"{parent.path if parent else '/'}{organ.pk}/"
    organ.depth = parent.depth + 1 if parent else 0
    organ.save(update_fields=["path", "depth"])
    audit_record(
        actor=actor, action="organ.create", target=organ, organ_id=organ.pk, data={"code": code}
    )
    return organ


@transaction.atomic
def organ_update(*, actor, organ: Organ, parent: Organ | type[...] | None = ..., **fields) -> Organ:
    """Change an organ's data; ``parent=`` moves it (and its subtree) in the tree."""
    organ = Organ.objects.select_for_update().get(pk=organ.pk)
    _require(actor, Capability.ORGAN_MANAGE, organ)
    unknown = set(fields) - set(ORGAN_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}")
    if fields.get("credit_code"):
        fields["credit_code"] = normalise_credit_code(fields["credit_code"])
    changed = [k for k, v in fields.items() if getattr(organ, k) != v]
    for key, value in fields.items():
        setattr(organ, key, value)
    moved = parent is not ... and parent != organ.parent
    if moved:
        _require(actor, Capability.ORGAN_MANAGE, parent)
        if parent is not None and parent.path.startswith(organ.path):
            raise InvalidInput("不能把机关移到它自己的下级机关之下", field="parent")
        organ.parent = parent
        changed.append("parent")
    _clean(organ)
    organ.save()
    if moved:
        _move_subtree(organ, parent)
    audit_record(
        actor=actor,
        action="organ.update",
        target=organ,
        organ_id=organ.pk,
        data={"fields": changed},
    )
    return organ


def _move_subtree(organ: Organ, parent: Organ | None) -> None:
    old_prefix = organ.path
    new_prefix = f"{parent.path if parent else '/'}{organ.pk}/"
    depth_shift = (parent.depth + 1 if parent else 0) - organ.depth
    subtree = list(Organ.objects.filter(path__startswith=old_prefix))
    for node in subtree:
        node.path = new_prefix + node.path[len(old_prefix) :]
        node.depth += depth_shift
    Organ.objects.bulk_update(subtree, ["path", "depth"])
    organ.path, organ.depth = new_prefix, organ.depth + depth_shift


@transaction.atomic
def staff_create(
    *,
    actor,
    username: str,
    password: str | None = None,
    display_name: str = "",
    email: str = "",
    title: str = "",
    phone: str = "",
    memberships: Iterable[tuple[Organ, str, str]] = (),
    is_superuser: bool = False,
    validate: bool = True,
) -> User:
    """Create a staff account with its roles. ``validate=False`` skips the password-strength
    validators (demo data only)."""
    memberships = list(memberships)
    if actor is not None:
        if is_superuser and not actor.is_superuser:
            raise NotAllowed("只有系统管理员可以创建系统管理员")
        if not memberships and not actor.is_superuser:
            raise InvalidInput("工作人员至少需要在一个机关担任一个角色", field="memberships")
        for organ, _, _ in memberships:
            _require(actor, Capability.STAFF_MANAGE, organ)
    user = User(
        username=username.strip(),
        display_name=display_name,
        email=email,
        title=title,
        phone=phone,
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if User.objects.filter(username__iexact=user.username).exists():
        raise InvalidInput(f"用户名“{user.username}”已存在", field="username")
    if password:
        if validate:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise InvalidInput("；".join(exc.messages), field="password") from None
        user.set_password(password)
    else:
        user.set_unusable_password()
    _clean(user, exclude=["password"])
    user.save()
    audit_record(actor=actor, action="staff.create", target=user, data={"username": user.username})
    for organ, role, scope in memberships:
        membership_grant(actor=actor, user=user, organ=organ, role=role, scope=scope)
    return user


STAFF_PROFILE_FIELDS = ("display_name", "title", "email", "phone")


def _require_staff_manager(actor, user: User, message: str) -> None:
    if actor is None or actor.is_superuser or actor.pk == user.pk:
        return
    organs = [m.organ_id for m in user.memberships.all()]
    if not any(user_can(actor, Capability.STAFF_MANAGE, o) for o in organs):
        raise NotAllowed(message)


@transaction.atomic
def staff_update(*, actor, user: User, **profile) -> User:
    """Change a staff member's name, title, e-mail or phone."""
    unknown = set(profile) - set(STAFF_PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}")
    _require_staff_manager(actor, user, "无权修改该人员的信息")
    changed = [k for k, v in profile.items() if getattr(user, k) != v]
    for key, value in profile.items():
        setattr(user, key, value)
    _clean(user, exclude=["password"])
    user.save(update_fields=[*STAFF_PROFILE_FIELDS])
    audit_record(actor=actor, action="staff.update", target=user, data={"fields": changed})
    return user


@transaction.atomic
def staff_set_password(*, actor, user: User, password: str, validate: bool = True) -> None:
    _require_staff_manager(actor, user, "无权修改该人员的密码")
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise InvalidInput("；".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, action="staff.password", target=user)


@transaction.atomic
def staff_set_active(*, actor, user: User, active: bool) -> None:
    if actor is not None and actor.pk == user.pk:
        raise NotAllowed("不能停用自己的账号")
    _require_staff_manager(actor, user, "无权停用或启用该人员")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor, action="staff.activate" if active else "staff.deactivate", target=user
    )


@transaction.atomic
def membership_grant(
    *, actor, user: User, organ: Organ, role: str, scope: str = Scope.ORGAN
) -> Membership:
    _require(actor, Capability.STAFF_MANAGE, organ)
    if role not in Role.values:
        raise InvalidInput(f"未知角色：{role}", field="role")
    if scope not in Scope.values:
        raise InvalidInput(f"未知范围：{scope}", field="scope")
    membership, created = Membership.objects.get_or_create(
        user=user, organ=organ, role=role, defaults={"scope": scope}
    )
    if not created and membership.scope != scope:
        membership.scope = scope
        membership.save(update_fields=["scope", "updated_at"])
    _sync_is_staff(user)
    forget_permissions(user)
    audit_record(
        actor=actor,
        action="membership.grant",
        target=user,
        organ_id=organ.pk,
        data={"role": role, "scope": scope},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> None:
    _require(actor, Capability.STAFF_MANAGE, membership.organ)
    user, organ, role = membership.user, membership.organ, membership.role
    membership.delete()
    _sync_is_staff(user)
    forget_permissions(user)
    audit_record(
        actor=actor, action="membership.revoke", target=user, organ_id=organ.pk, data={"role": role}
    )


def _sync_is_staff(user: User) -> None:
    """Admin-site access (is_staff) follows the 管理员 role; never set by hand."""
    is_staff = user.is_superuser or user.memberships.filter(role=Role.ADMIN).exists()
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])
