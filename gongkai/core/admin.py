from django.contrib import admin

from gongkai.core.models import AuditEvent
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import organ_ids_for, user_can


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only. Scoped to the organs the viewer may audit."""

    list_display = ("seq", "created_at", "actor", "action", "target_type", "target_id")
    list_filter = ("action",)
    search_fields = ("target_id", "actor", "action")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organ_id__in=organ_ids_for(request.user, Capability.AUDIT_VIEW))

    def has_module_permission(self, request):
        return user_can(request.user, Capability.AUDIT_VIEW)

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.AUDIT_VIEW)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
