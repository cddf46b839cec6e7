"""Keep the initiatives' tally in step, in the transaction of each change.

Publishing, unpublishing, scheduled publishing and editing an initiative all save it;
deleting a page deletes its initiatives one by one. A move, or a view restriction
added or removed, changes whether every initiative under a page is public without
saving them, so those count the initiatives under the page again.
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from .models import InitiativePage
from .services import tally_initiatives

# A save that writes none of these (a draft revision's bookkeeping) cannot change the tally.
_TALLIED_FIELDS = {"live", "path", "province", "sector", "phase", "benefit_vnd"}


def on_initiative_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:  # loaddata: `tally_initiatives --rebuild` counts fixtures afterwards
        return
    if update_fields is not None and not _TALLIED_FIELDS.intersection(update_fields):
        return
    tally_initiatives(pages=[instance.pk])


def on_initiative_deleted(sender, instance, **kwargs):
    tally_initiatives(pages=[instance.pk])


def _recount_under(page_id: int) -> None:
    path = Page.objects.filter(pk=page_id).values_list("path", flat=True).first()
    if path is not None:  # None: the page itself is being deleted, initiatives and all
        tally_initiatives(pages=InitiativePage.objects.filter(path__startswith=path))


def on_page_moved(sender, instance, **kwargs):
    _recount_under(instance.pk)


def on_restriction_changed(sender, instance, **kwargs):
    _recount_under(instance.page_id)


def connect() -> None:
    post_save.connect(on_initiative_saved, sender=InitiativePage, dispatch_uid="tally-saved")
    post_delete.connect(on_initiative_deleted, sender=InitiativePage, dispatch_uid="tally-deleted")
    post_page_move.connect(on_page_moved, dispatch_uid="tally-moved")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            on_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"tally-private-{name}"
        )
