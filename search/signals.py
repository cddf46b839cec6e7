"""Record an IndexChange whenever searchable content changes, in the same transaction."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import IndexChange
from .sync import doc_type_for_model, record_change

UPSERT, DELETE = IndexChange.Action.UPSERT, IndexChange.Action.DELETE


def _record_page(page, action) -> None:
    doc_type = doc_type_for_model(type(page))
    if doc_type:
        record_change(doc_type=doc_type, object_ids=[page.pk], action=action)


def on_published(sender, instance, **kwargs):
    _record_page(instance, UPSERT)


def on_unpublished(sender, instance, **kwargs):
    _record_page(instance, DELETE)


def on_deleted(sender, instance, **kwargs):
    _record_page(instance, DELETE)


def on_moved(sender, instance, **kwargs):
    # A move changes the URL of the page and of everything under it.
    from news.models import NewsArticlePage
    from showcase.models import InitiativePage

    for model, doc_type in ((InitiativePage, "initiative"), (NewsArticlePage, "news")):
        ids = list(
            model.objects.filter(path__startswith=instance.path).values_list("pk", flat=True)
        )
        if ids:
            record_change(doc_type=doc_type, object_ids=ids, action=UPSERT)


def on_taxonomy_saved(sender, instance, created, **kwargs):
    """Province, sector and category names are indexed with the pages that use them."""
    if created:
        return
    from news.models import NewsArticlePage, NewsCategory
    from showcase.models import InitiativePage

    if isinstance(instance, NewsCategory):
        ids = NewsArticlePage.objects.filter(categories=instance).values_list("pk", flat=True)
        record_change(doc_type="news", object_ids=list(ids), action=UPSERT)
        return
    field = "province" if sender.__name__ == "Province" else "sector"
    ids = InitiativePage.objects.filter(**{field: instance}).values_list("pk", flat=True)
    record_change(doc_type="initiative", object_ids=list(ids), action=UPSERT)


def connect() -> None:
    from news.models import NewsArticlePage, NewsCategory
    from showcase.models import InitiativePage, Province, Sector

    page_published.connect(on_published, dispatch_uid="search-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(on_moved, dispatch_uid="search-moved")
    for model in (InitiativePage, NewsArticlePage):
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"search-deleted-{model}")
    for model in (Province, Sector, NewsCategory):
        post_save.connect(on_taxonomy_saved, sender=model, dispatch_uid=f"search-taxo-{model}")
