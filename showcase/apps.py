from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "Thư viện sáng kiến"

    def ready(self):
        from search import lexicon

        from . import search, signals
        from .models import Province, Sector

        search.register()
        signals.connect()
        # Queries name provinces and point to sectors: an edit must reach them at once.
        for model in (Province, Sector):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                uid = f"lexicon-{model.__name__}-{name}"
                signal.connect(lexicon.invalidate, sender=model, dispatch_uid=uid)
