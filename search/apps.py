from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from . import lexicon, signals
        from .models import Synonym

        signals.connect()
        lexicon.register_synonyms(lambda: [synonym.term_list for synonym in Synonym.objects.all()])
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(lexicon.invalidate, sender=Synonym, dispatch_uid=f"lexicon-{name}")
