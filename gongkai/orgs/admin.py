"""Admin for organs and staff: every list is scoped to the organs the administrator manages and
every save goes through the services (same rules, same audit as the CLI and API)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.core.errors import GongkaiError
from gongkai.orgs.models import Membership, Organ, User
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for, staff_visible_to, user_can
from gongkai.orgs.services import (
    ORGAN_FIELDS,
    STAFF_PROFILE_FIELDS,
    membership_grant,
    membership_revoke,
    organ_create,
    organ_update,
    staff_create,
    staff_set_active,
    staff_set_password,
    staff_update,
)


class ServiceErrorMixin:
    """Report a service's refusal as an admin error message instead of a server error."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().changeform_view(request, *args, **kwargs)
        except GongkaiError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            from django.http import HttpResponseRedirect

            return HttpResponseRedirect(request.get_full_path())


@admin.register(Organ)
class OrganAdmin(ServiceErrorMixin, admin.ModelAdmin):
    list_display = ("name", "short_name", "code", "level", "parent", "credit_code", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("name", "short_name", "code", "credit_code")
    ordering = ("path", "sort_order")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "name",
                    "short_name",
                    "level",
                    "parent",
                    "credit_code",
                    "division_code",
                    "jurisdiction",
                    "sort_order",
                    "is_active",
                )
            },
        ),
        (
            "政府信息公开工作机构（条例第十二条）",
            {
                "fields": (
                    "office_name",
                    "office_address",
                    "office_postcode",
                    "office_hours",
                    "office_phone",
                    "office_fax",
                    "office_email",
                    "office_website",
                )
            },
        ),
        ("救济途径（答复书告知的复议机关与法院）", {"fields": ("review_body", "court")}),
        ("年度报告汇总", {"fields": ("excluded_from_rollup", "rollup_note")}),
    )

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=organ_ids_for(request.user, Capability.ORGAN_MANAGE))
        )

    def has_module_permission(self, request):
        return user_can(request.user, Capability.ORGAN_MANAGE)

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.ORGAN_MANAGE, obj)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return user_can(request.user, Capability.ORGAN_MANAGE)

    def has_delete_permission(self, request, obj=None):
        return False  # organs are deactivated, never deleted: cases and reports refer to them

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Organ.objects.filter(
                pk__in=organ_ids_for(request.user, Capability.ORGAN_MANAGE)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        data = {k: form.cleaned_data[k] for k in ORGAN_FIELDS if k in form.cleaned_data}
        if change:
            original = Organ.objects.get(pk=obj.pk)
            saved = organ_update(
                actor=request.user, organ=original, parent=form.cleaned_data.get("parent"), **data
            )
        else:
            saved = organ_create(
                actor=request.user,
                code=form.cleaned_data["code"],
                parent=form.cleaned_data.get("parent"),
                **data,
            )
        obj.pk, obj.path, obj.depth = saved.pk, saved.path, saved.depth


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    fields = ("organ", "role", "scope")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organ":
            kwargs["queryset"] = Organ.objects.filter(
                pk__in=organ_ids_for(request.user, Capability.STAFF_MANAGE)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(organ_id__in=organ_ids_for(request.user, Capability.STAFF_MANAGE))
        )

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.STAFF_MANAGE)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class StaffForm(forms.ModelForm):
    new_password = forms.CharField(
        label="密码",
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="新建时必填；修改时留空表示不改密码。",
    )

    class Meta:
        model = User
        fields = ("username", "display_name", "title", "email", "phone", "is_active")

    def clean(self):
        data = super().clean()
        password = data.get("new_password")
        if not self.instance.pk and not password:
            self.add_error("new_password", "请设置初始密码")
        if password:
            probe = User(
                username=data.get("username") or self.instance.username,
                email=data.get("email") or "",
            )
            try:
                validate_password(password, probe)
            except forms.ValidationError as exc:
                self.add_error("new_password", exc)
        return data


@admin.register(User)
class StaffAdmin(ServiceErrorMixin, admin.ModelAdmin):
    form = StaffForm
    inlines = [MembershipInline]
    list_display = ("username", "display_name", "title", "organs", "is_active", "last_login")
    list_filter = ("is_active", "memberships__role")
    search_fields = ("username", "display_name", "email")

    @admin.display(description="机关与角色")
    def organs(self, obj):
        return "；".join(
            f"{m.organ.short_name}·{m.get_role_display()}" for m in obj.memberships.all()
        )

    def get_queryset(self, request):
        return staff_visible_to(request.user).prefetch_related("memberships__organ")

    def get_readonly_fields(self, request, obj=None):
        return ("username",) if obj else ()

    def has_module_permission(self, request):
        return user_can(request.user, Capability.STAFF_MANAGE)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return user_can(request.user, Capability.STAFF_MANAGE)
        return staff_visible_to(request.user).filter(pk=obj.pk).exists()

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return user_can(request.user, Capability.STAFF_MANAGE)

    def has_delete_permission(self, request, obj=None):
        return False  # staff are deactivated: their decisions stay attributed to them

    def save_model(self, request, obj, form, change):
        pass  # everything is saved in save_related, through the services, with the roles

    def save_related(self, request, form, formsets, change):
        rows = [
            f.cleaned_data
            for formset in formsets
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("organ")
        ]
        deleted = [
            f.cleaned_data["id"]
            for formset in formsets
            for f in formset.forms
            if f.cleaned_data.get("DELETE") and f.cleaned_data.get("id")
        ]
        for formset in formsets:  # saved below through the services, not by the formset
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        data = form.cleaned_data
        if not change:
            user = staff_create(
                actor=request.user,
                username=data["username"],
                password=data["new_password"],
                display_name=data.get("display_name", ""),
                title=data.get("title", ""),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                memberships=[(r["organ"], r["role"], r["scope"]) for r in rows],
            )
            form.instance.pk = user.pk
            return
        user = User.objects.get(pk=form.instance.pk)
        if not staff_visible_to(request.user).filter(pk=user.pk).exists():
            raise PermissionDenied
        profile = {k: data[k] for k in STAFF_PROFILE_FIELDS if k in data}
        staff_update(actor=request.user, user=user, **profile)
        if data.get("is_active") is not None and data["is_active"] != user.is_active:
            staff_set_active(actor=request.user, user=user, active=data["is_active"])
        if data.get("new_password"):
            staff_set_password(actor=request.user, user=user, password=data["new_password"])
        for membership in deleted:
            membership_revoke(actor=request.user, membership=membership)
        for r in rows:
            membership_grant(
                actor=request.user, user=user, organ=r["organ"], role=r["role"], scope=r["scope"]
            )
        current = {(r["organ"].pk, r["role"]) for r in rows}
        for changed in (
            r for r in rows if r.get("id") and (r["id"].organ_id, r["id"].role) not in current
        ):
            membership_revoke(actor=request.user, membership=changed["id"])
