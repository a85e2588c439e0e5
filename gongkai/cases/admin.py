from django import forms
from django.contrib import admin

from gongkai.cases.models import LetterTemplate
from gongkai.cases.services import letter_template_save
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for, user_can


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ("kind", "organ", "title", "body", "is_active")
        widgets = {"body": forms.Textarea(attrs={"rows": 30, "cols": 100})}


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """Editing a template saves a new version; letters keep the version they used."""

    form = LetterTemplateForm
    list_display = ("kind", "organ", "version", "title", "is_active", "created_at")
    list_filter = ("kind", "is_active")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organ_id__in=organ_ids_for(request.user, Capability.ORGAN_MANAGE))

    def has_module_permission(self, request):
        return request.user.is_superuser or user_can(request.user, Capability.ORGAN_MANAGE)

    has_view_permission = has_add_permission = has_module_permission

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # issued letters refer to their template version

    def save_model(self, request, obj, form, change):
        saved = letter_template_save(
            actor=request.user, kind=obj.kind, body=obj.body, title=obj.title, organ=obj.organ
        )
        obj.pk, obj.version = saved.pk, saved.version
