from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.publications.indexing import search_documents
        from gongkai.search.documents import register_source

        register_source("document", search_documents)
