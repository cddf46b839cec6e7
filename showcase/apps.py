from django.apps import AppConfig


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "Thư viện sáng kiến"

    def ready(self):
        from . import search

        search.register()
