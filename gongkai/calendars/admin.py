"""Admin for the working-day calendar. Saving or deleting a day, or (un)confirming a year, goes
through the services, which recompute the open deadlines and report how many moved."""

from __future__ import annotations

from django.contrib import admin, messages

from gongkai.calendars.deadlines import WEEKDAYS
from gongkai.calendars.models import (
    CalendarChange,
    CalendarDay,
    CalendarYear,
    DeadlineChange,
    Jurisdiction,
    TrackedDeadline,
)
from gongkai.calendars.services import (
    calendar_day_delete,
    calendar_day_set,
    calendar_year_set_confirmed,
)
from gongkai.orgs.roles import Capability
from gongkai.orgs.selectors import user_can


class CalendarPermissions:
    def has_module_permission(self, request):
        return user_can(request.user, Capability.CALENDAR_MANAGE)

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.CALENDAR_MANAGE)

    has_change_permission = has_add_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return user_can(request.user, Capability.CALENDAR_MANAGE)


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Jurisdiction)
class JurisdictionAdmin(CalendarPermissions, admin.ModelAdmin):
    list_display = ("code", "name", "parent", "own_yearly_schedule")

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(CalendarPermissions, admin.ModelAdmin):
    list_display = ("jurisdiction", "year", "confirmed", "source")
    list_filter = ("jurisdiction", "confirmed")
    fields = ("jurisdiction", "year", "confirmed", "source")

    def get_readonly_fields(self, request, obj=None):
        return ("jurisdiction", "year") if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        moved = calendar_year_set_confirmed(
            actor=request.user,
            jurisdiction=obj.jurisdiction,
            year=obj.year,
            confirmed=obj.confirmed,
            source=obj.source,
        )
        obj.pk = CalendarYear.objects.get(jurisdiction=obj.jurisdiction, year=obj.year).pk
        self.message_user(request, f"已重算期限：{moved} 个期限发生变动。", messages.INFO)


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarPermissions, admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name", "jurisdiction")
    list_filter = ("jurisdiction", "kind")
    date_hierarchy = "date"
    search_fields = ("name",)
    fields = ("jurisdiction", "date", "kind", "name")

    @admin.display(description="星期")
    def weekday(self, obj):
        return f"星期{WEEKDAYS[obj.date.weekday()]}"

    def save_model(self, request, obj, form, change):
        if change and "date" in form.changed_data:
            original = CalendarDay.objects.get(pk=obj.pk)
            calendar_day_delete(actor=request.user, row=original)
        row, moved = calendar_day_set(
            actor=request.user,
            jurisdiction=obj.jurisdiction,
            day=obj.date,
            kind=obj.kind,
            name=obj.name,
        )
        obj.pk = row.pk
        self.message_user(request, f"已重算期限：{moved} 个期限发生变动。", messages.INFO)

    def delete_model(self, request, obj):
        moved = calendar_day_delete(actor=request.user, row=obj)
        self.message_user(request, f"已重算期限：{moved} 个期限发生变动。", messages.INFO)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            self.delete_model(request, row)


class DeadlineChangeInline(ReadOnly, admin.TabularInline):
    model = DeadlineChange
    fk_name = "calendar_change"
    fields = ("deadline", "old_due", "new_due", "old_confirmed", "new_confirmed")
    readonly_fields = fields
    extra = 0


@admin.register(CalendarChange)
class CalendarChangeAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("created_at", "jurisdiction", "summary", "actor")
    inlines = [DeadlineChangeInline]

    def has_module_permission(self, request):
        return user_can(request.user, Capability.CALENDAR_MANAGE)

    def has_view_permission(self, request, obj=None):
        return user_can(request.user, Capability.CALENDAR_MANAGE)


@admin.register(TrackedDeadline)
class TrackedDeadlineAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("label", "rule", "start", "due", "confirmed", "is_open")
    list_filter = ("rule", "is_open", "confirmed")

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
