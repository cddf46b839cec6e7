"""Wagtail's own indexes, brought up to date once at the end of a bulk load."""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index as admin_search
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as admin_search_on_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def wagtail_indexes_deferred() -> Iterator[None]:
    """Update the admin search index and the reference index once per saved object.

    Wagtail updates both on every save, and a page created and published is saved
    three times (tree insert, revision, publish), each update costing more than the
    save itself. Whatever happens inside, the objects saved so far are indexed on the
    way out, so an interrupted load leaves no saved object unindexed.
    """
    searched = [
        model
        for model in admin_search.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    saved: dict[type, set] = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    for model in searched:
        post_save.disconnect(admin_search_on_save, sender=model)
    post_save.connect(remember, weak=False, dispatch_uid="deferred-wagtail-indexes")
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="deferred-wagtail-indexes")
        for model in searched:
            post_save.connect(admin_search_on_save, sender=model)
        with transaction.atomic():
            for model, pks in saved.items():
                if ReferenceIndex.is_indexed(model):
                    for instance in model._default_manager.filter(pk__in=pks):
                        ReferenceIndex.create_or_update_for_object(instance)
                if model in searched:
                    # One statement per model, as Wagtail's own rebuild does, not one per object.
                    objects = list(model.get_indexed_objects().filter(pk__in=pks))
                    for backend in get_search_backends(with_auto_update=True):
                        backend.add_bulk(model, objects)
