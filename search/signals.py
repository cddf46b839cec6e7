"""Record an IndexChange whenever searchable content changes, in the same transaction."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import registry
from .models import IndexChange
from .sync import record_change

UPSERT, DELETE = IndexChange.Action.UPSERT, IndexChange.Action.DELETE


def _record_page(page, action) -> None:
    document_type = registry.type_for_model(type(page))
    if document_type:
        record_change(doc_type=document_type.name, object_ids=[page.pk], action=action)


def on_published(sender, instance, **kwargs):
    _record_page(instance, UPSERT)


def on_unpublished(sender, instance, **kwargs):
    _record_page(instance, DELETE)


def on_deleted(sender, instance, **kwargs):
    _record_page(instance, DELETE)


def on_moved(sender, instance, **kwargs):
    # A move changes the URL of the page and of everything under it.
    for document_type in registry.document_types():
        ids = list(
            document_type.model.objects.filter(path__startswith=instance.path).values_list(
                "pk", flat=True
            )
        )
        if ids:
            record_change(doc_type=document_type.name, object_ids=ids, action=UPSERT)


def on_taxonomy_saved(sender, instance, created, **kwargs):
    """Taxonomy names (provinces, sectors, categories) are indexed with the pages using them."""
    if created:
        return
    for document_type in registry.document_types():
        pages_using = document_type.taxonomy.get(sender)
        if pages_using:
            ids = list(pages_using(instance))
            record_change(doc_type=document_type.name, object_ids=ids, action=UPSERT)


def connect() -> None:
    """Signals about any page; the registry looks up the page's type when they fire."""
    page_published.connect(on_published, dispatch_uid="search-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="search-moved")


def connect_type(document_type: "registry.DocumentType") -> None:
    """Signals about one registered type's pages and taxonomy rows."""
    model = document_type.model
    post_delete.connect(on_deleted, sender=model, dispatch_uid=f"search-deleted-{model}")
    for taxonomy in document_type.taxonomy:
        post_save.connect(
            on_taxonomy_saved, sender=taxonomy, dispatch_uid=f"search-taxonomy-{taxonomy}"
        )
