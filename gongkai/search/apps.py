from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "检索与智能问答"

    def ready(self) -> None:
        from gongkai.search import checks, sources  # noqa: F401 - registers the checks

        sources.register_builtin_sources()
