from django.contrib import admin

from gongkai.search.models import DictionaryTerm, FaqEntry, QueryLog, Synonym


@admin.register(DictionaryTerm)
class DictionaryTermAdmin(admin.ModelAdmin):
    list_display = ["word", "frequency", "note"]
    search_fields = ["word"]


@admin.register(Synonym)
class SynonymAdmin(admin.ModelAdmin):
    list_display = ["words", "note"]
    search_fields = ["words"]


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    """Read-only here: edits go through the workspace so the index and the audit log follow."""

    list_display = ["question", "organ", "owner", "review_on", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["question", "variants"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(QueryLog)
class QueryLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "query", "result_count", "answer_type"]
    list_filter = ["channel", "answer_type"]
    search_fields = ["query"]
