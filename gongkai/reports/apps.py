from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.reports.indexing import search_documents
        from gongkai.search.documents import register_source

        register_source("report", search_documents)
