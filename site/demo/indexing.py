"""Wagtail's reference index and the search indexes, brought up to date once at the end
of a bulk load."""

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from search.signals import changes_deferred


@contextmanager
def wagtail_indexes_deferred() -> Iterator[None]:
    """Update the reference index and queue search index changes once per saved object.

    Wagtail updates its reference index on every save, and a page created and
    published is saved three times (tree insert, revision, publish), each update
    costing more than the save itself. Search changes are queued in one write per
    model instead of a look-up per save (search.signals.changes_deferred). Whatever
    happens inside, the objects saved so far are indexed on the way out, so an
    interrupted load leaves no saved object unindexed.
    """
    saved: dict[type, set] = defaultdict(set)

    def remember(sender, instance, raw=False, **kwargs):
        if not raw:
            saved[sender].add(instance.pk)

    post_save.connect(remember, weak=False, dispatch_uid="deferred-wagtail-indexes")
    try:
        with changes_deferred(), disable_reference_index_auto_update():
            yield
    finally:
        post_save.disconnect(dispatch_uid="deferred-wagtail-indexes")
        with transaction.atomic():
            for model, pks in saved.items():
                if ReferenceIndex.is_indexed(model):
                    for instance in model._default_manager.filter(pk__in=pks):
                        ReferenceIndex.create_or_update_for_object(instance)
