from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "portal.home"
    label = "home"
    verbose_name = "Trang chủ"

    def ready(self):
        from portal.page_cache import connect_signals

        connect_signals()
