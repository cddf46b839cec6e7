from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "showcase.submissions"
    label = "submissions"
    verbose_name = "Sáng kiến gửi từ trang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
