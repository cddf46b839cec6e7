"""The index Wagtail's admin searches: every indexed model, from its own `search_fields`.

Pages (drafts and unpublished ones included, as the admin needs them), images,
documents and snippets each become a `SearchDocument` whose `type` is the label of
their concrete model ("showcase.initiativepage"). The first `AutocompleteField`
(or, without one, the first `SearchField`) is the title; every other
`SearchField` and `RelatedFields` goes into the text. Filter fields are not
indexed: filters and ordering run in the database (`search.wagtail_backend`).
The text is prepared by the same functions as the public index, so the admin
folds diacritics and forgives typos the same way.
"""

from collections.abc import Iterable, Iterator

from django.apps import apps
from django.db import models
from modelsearch.index import (
    AutocompleteField,
    RelatedFields,
    SearchField,
    class_is_indexed,
    get_indexed_models,
)

from . import registry
from .documents import SearchDocument


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def concrete_model_of(instance) -> type[models.Model]:
    """A page's specific class, read from its content type (no query), or the object's class."""
    return getattr(instance, "specific_class", None) or type(instance)


def indexed_model(label: str) -> type[models.Model] | None:
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    return model if class_is_indexed(model) else None


def labels_for(model: type[models.Model]) -> list[str]:
    """The document types a search on `model` covers: it and its indexed subclasses."""
    return [model_label(each) for each in get_indexed_models() if issubclass(each, model)]


def _strings(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (list, tuple, set)):
        return [text for item in value for text in _strings(item)]
    return [str(value)]


def _field_text(obj, field) -> list[str]:
    if isinstance(field, RelatedFields):
        value = field.get_value(obj)
        if value is None:
            return []
        # A to-many relation gives a manager, read from the queryset's prefetch.
        related = value.all() if hasattr(value, "all") else [value]
        return [
            text
            for item in related
            for sub_field in field.fields
            for text in _field_text(item, sub_field)
        ]
    if isinstance(field, (SearchField, AutocompleteField)):
        return _strings(field.get_value(obj))
    return []


def _title_field(model) -> str | None:
    fields = model.get_autocomplete_search_fields() or model.get_searchable_search_fields()
    return fields[0].field_name if fields else None


def admin_document(obj) -> SearchDocument:
    model = type(obj)
    title_name = _title_field(model)
    title, texts = "", []
    seen = set()
    for field in model.get_search_fields():
        if isinstance(field, (SearchField, AutocompleteField)):
            # A field both searched and autocompleted ("title") is read once.
            if field.field_name in seen:
                continue
            seen.add(field.field_name)
            if field.field_name == title_name:
                title = " ".join(_strings(field.get_value(obj)))
                continue
        texts += _field_text(obj, field)
    return SearchDocument(
        type=model_label(model), id=obj.pk, title=title, url="", extra=" ".join(texts)
    )


def admin_view(document: SearchDocument, label: str) -> SearchDocument:
    """A content type's document as the admin index holds it: its text, under the model's
    label, without what only the public search shows."""
    return SearchDocument(
        type=label,
        id=document.id,
        title=document.title,
        url="",
        summary=document.summary,
        body=document.body,
        extra=document.extra,
    )


def admin_documents(
    model: type[models.Model], *, ids: Iterable[int] | None = None, chunk_size: int = 500
) -> Iterator[SearchDocument]:
    """Documents of `model`'s indexed objects (of those among `ids`), read in chunks.

    A model whose app builds its documents a batch at a time (`registry.batch_type`)
    gets those; any other one is read through `get_indexed_objects`, which selects or
    prefetches what `RelatedFields` read; for pages it holds only the pages whose
    specific class is `model`.
    """
    document_type = registry.batch_type(model)
    if document_type is not None:
        label = model_label(model)
        documents = (
            document_type.all_documents(chunk_size=chunk_size)
            if ids is None
            else document_type.both_documents(ids, chunk_size=chunk_size)[1]
        )
        for document in documents:
            yield admin_view(document, label)
        return
    objects = model.get_indexed_objects().order_by("pk")
    if ids is not None:
        objects = objects.filter(pk__in=list(ids))
    for obj in objects.iterator(chunk_size=chunk_size):
        yield admin_document(obj)


def all_admin_documents() -> Iterator[SearchDocument]:
    for model in get_indexed_models():
        yield from admin_documents(model)


def admin_document_count() -> int:
    return sum(model.get_indexed_objects().count() for model in get_indexed_models())
