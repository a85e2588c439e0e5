"""Admin for the publication configuration: per-organ settings with the review chain, the 主题分类
tree and the 专题专栏. Saves go through ``publications.services.config`` (pattern checks, subtree
paths, audit). Documents themselves are handled in the workspace, not here."""

from __future__ import annotations

from django.contrib import admin

from gongkai.orgs.admin import ServiceErrorMixin
from gongkai.orgs.models import Organ
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for, user_can
from gongkai.publications.models import (
    Category,
    PublicationSettings,
    ReviewStep,
    TopicColumn,
)
from gongkai.publications.services.config import (
    category_save,
    publication_settings_save,
    topic_save,
)


class ManagerPermissions:
    def has_module_permission(self, request):
        return user_can(request.user, Capability.ORGAN_MANAGE)

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.ORGAN_MANAGE)

    has_change_permission = has_add_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: documents refer to them


class ReviewStepInline(admin.TabularInline):
    model = ReviewStep
    extra = 1
    fields = ("position", "name", "role")
    ordering = ("position",)

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.ORGAN_MANAGE)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(PublicationSettings)
class PublicationSettingsAdmin(ServiceErrorMixin, ManagerPermissions, admin.ModelAdmin):
    list_display = ("organ", "index_pattern", "require_interpretation", "evaluation_months")
    fields = ("organ", "index_pattern", "require_interpretation", "evaluation_months")
    inlines = [ReviewStepInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(organ_id__in=organ_ids_for(request.user, Capability.ORGAN_MANAGE))
        )

    def get_readonly_fields(self, request, obj=None):
        return ("organ",) if obj else ()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organ":
            kwargs["queryset"] = Organ.objects.filter(
                pk__in=organ_ids_for(request.user, Capability.ORGAN_MANAGE)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        pass  # saved with the review chain in save_related, through the service

    def save_related(self, request, form, formsets, change):
        steps = sorted(
            (
                (f.cleaned_data["position"], f.cleaned_data["name"], f.cleaned_data.get("role", ""))
                for formset in formsets
                for f in formset.forms
                if f.cleaned_data
                and not f.cleaned_data.get("DELETE")
                and f.cleaned_data.get("name")
            ),
            key=lambda s: s[0],
        )
        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        organ = form.instance.organ if change else form.cleaned_data["organ"]
        saved = publication_settings_save(
            actor=request.user,
            organ=organ,
            index_pattern=form.cleaned_data["index_pattern"],
            require_interpretation=form.cleaned_data["require_interpretation"],
            evaluation_months=form.cleaned_data["evaluation_months"],
            review_steps=[(name, role) for _, name, role in steps],
        )
        form.instance.pk = saved.pk


@admin.register(Category)
class CategoryAdmin(ServiceErrorMixin, ManagerPermissions, admin.ModelAdmin):
    list_display = ("label", "code", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "name", "label")
    fields = ("code", "name", "parent", "sort_order", "is_active")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = category_save(
            actor=request.user,
            category=Category.objects.get(pk=obj.pk) if change else None,
            code=data["code"],
            name=data["name"],
            parent=data.get("parent"),
            sort_order=data.get("sort_order") or 0,
            is_active=data.get("is_active", True),
        )
        obj.pk = saved.pk


@admin.register(TopicColumn)
class TopicColumnAdmin(ServiceErrorMixin, ManagerPermissions, admin.ModelAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    fields = ("code", "name", "description", "sort_order", "is_active")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = topic_save(
            actor=request.user,
            topic=TopicColumn.objects.get(pk=obj.pk) if change else None,
            code=data["code"],
            name=data["name"],
            description=data.get("description", ""),
            sort_order=data.get("sort_order") or 0,
            is_active=data.get("is_active", True),
        )
        obj.pk = saved.pk
