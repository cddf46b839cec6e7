"""Record an IndexChange whenever searchable content changes, in the same transaction.

Every model Wagtail indexes (pages of every type, images, documents, snippets)
records a change when it is saved or deleted; the replay updates the admin index
and, for the types registered in `search.registry`, the public one. Publishing,
unpublishing and scheduled publishing all save the page, so the save covers them.
Moves and taxonomy renames change other pages' documents without saving them,
and record those pages explicitly.
"""

import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db.models.signals import post_delete, post_save
from modelsearch import signal_handlers as wagtail_index_handlers
from modelsearch.index import get_indexed_models
from wagtail.signals import post_page_move

from . import registry
from .admin_index import concrete_model_of, model_label
from .models import IndexChange
from .sync import record_change

UPSERT, DELETE = IndexChange.Action.UPSERT, IndexChange.Action.DELETE
# Per thread: the objects saved inside `changes_deferred` blocks, by model label.
_deferred = threading.local()


def _record(instance, action) -> None:
    record_change(
        doc_type=model_label(concrete_model_of(instance)), object_ids=[instance.pk], action=action
    )


def on_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    saved = getattr(_deferred, "saved", None)
    if saved is not None:
        saved[model_label(concrete_model_of(instance))].add(instance.pk)
    else:
        _record(instance, UPSERT)


@contextmanager
def changes_deferred() -> Iterator[None]:
    """Queue the index changes of the objects saved inside once, on the way out.

    For bulk loads: one outbox write per model instead of a look-up per save. The
    changes are queued even when the block fails, in the caller's transaction, so
    whatever of it commits is indexed.
    """
    outer = getattr(_deferred, "saved", None)
    _deferred.saved = saved = defaultdict(set)
    try:
        yield
    finally:
        _deferred.saved = outer
        for label, ids in saved.items():
            if outer is not None:
                outer[label] |= ids
            else:
                record_change(doc_type=label, object_ids=sorted(ids), action=UPSERT)


def on_deleted(sender, instance, **kwargs):
    _record(instance, DELETE)


def on_moved(sender, instance, **kwargs):
    # A move changes the URL of the page and of everything under it.
    for document_type in registry.document_types():
        ids = list(
            document_type.model.objects.filter(path__startswith=instance.path).values_list(
                "pk", flat=True
            )
        )
        if ids:
            record_change(doc_type=model_label(document_type.model), object_ids=ids, action=UPSERT)


def on_taxonomy_saved(sender, instance, created, **kwargs):
    """Taxonomy names (provinces, sectors, categories) are indexed with the pages using them."""
    if created:
        return
    for document_type in registry.document_types():
        pages_using = document_type.taxonomy.get(sender)
        if pages_using:
            record_change(
                doc_type=model_label(document_type.model),
                object_ids=list(pages_using(instance)),
                action=UPSERT,
            )


def connect() -> None:
    """Record the changes of every model Wagtail indexes, instead of Wagtail indexing them itself.

    Wagtail's own handlers would update its index again after each save, outside
    the transaction. They are connected by `wagtail.search`, which INSTALLED_APPS
    lists before this app, so they exist by now.
    """
    for model in get_indexed_models():
        if not getattr(model, "search_auto_update", True):
            continue
        post_save.disconnect(wagtail_index_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(wagtail_index_handlers.post_delete_signal_handler, sender=model)
        uid = model_label(model)
        post_save.connect(on_saved, sender=model, dispatch_uid=f"search-saved-{uid}")
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"search-deleted-{uid}")
    post_page_move.connect(on_moved, dispatch_uid="search-moved")


def connect_type(document_type: "registry.DocumentType") -> None:
    """Signals about one registered type's taxonomy rows."""
    for taxonomy in document_type.taxonomy:
        post_save.connect(
            on_taxonomy_saved, sender=taxonomy, dispatch_uid=f"search-taxonomy-{taxonomy}"
        )
