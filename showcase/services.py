"""Write-side operations on initiatives and their tally. Each call is one transaction."""

import hashlib
import html
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from datetime import date

from django.db import connections, router, transaction
from django.db.models import F, Model, QuerySet
from django.utils import timezone
from wagtail.images.models import AbstractImage
from wagtail.log_actions import log
from wagtail.models import Site
from wagtail.rich_text import RichText

from portal.middleware import page_lock_for_edit
from search.admin_index import concrete_model_of, model_label
from search.models import IndexChange
from search.sync import record_change

from .models import (
    CampaignUnit,
    InitiativeGalleryImage,
    InitiativePage,
    InitiativeReuse,
    InitiativeTally,
    Province,
    Sector,
    ShowcaseIndexPage,
    TalliedInitiative,
)
from .selectors import Dimension, countable_initiatives, is_union_account, tally_sums

_SECTION_LABELS = {
    "problem": ("vấn đề", "van de", "thực trạng", "thuc trang"),
    "solution": ("giải pháp", "giai phap", "nội dung", "noi dung"),
    "result": ("kết quả", "ket qua", "hiệu quả", "hieu qua"),
}
_SECTION_START = re.compile(
    r"^\s*(?P<label>"
    + "|".join(re.escape(label) for labels in _SECTION_LABELS.values() for label in labels)
    + r")\s*:\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class InitiativeData:
    """A validated initiative as it arrives from an import or the demo content."""

    external_id: str
    title: str
    summary: str
    province: Province
    sector: Sector
    phase: int
    year: int
    body: str = ""
    authors: tuple[str, ...] = ()
    unit: str = ""
    recognised_on: date | None = None
    benefit_vnd: int | None = None
    benefit_note: str = ""
    status: str = "recognised"
    tags: tuple[str, ...] = ()
    featured: bool = False

    def fingerprint(self) -> str:
        values = {item.name: getattr(self, item.name) for item in fields(self)}
        values["province"] = self.province.code
        values["sector"] = self.sector.slug
        encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(encoded.encode()).hexdigest()


def body_blocks(text: str) -> list[tuple[str, str]]:
    """Plain text with optional "Vấn đề:", "Giải pháp:", "Kết quả:" paragraphs -> the
    body's blocks as (block type, escaped HTML)."""
    blocks: list[tuple[str, list[str]]] = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        match = _SECTION_START.match(paragraph)
        if match:
            label = match.group("label").lower()
            kind = next(k for k, labels in _SECTION_LABELS.items() if label in labels)
            blocks.append((kind, [paragraph[match.end() :]]))
        elif blocks:
            blocks[-1][1].append(paragraph)
        else:
            blocks.append(("paragraph", [paragraph]))
    return [
        (
            kind,
            "".join(
                f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in parts if part
            ),
        )
        for kind, parts in blocks
    ]


def body_to_stream(text: str) -> list[tuple[str, RichText]]:
    """The body's blocks as StreamField takes them."""
    return [(kind, RichText(markup)) for kind, markup in body_blocks(text)]


def _apply(page: InitiativePage, data: InitiativeData) -> None:
    page.title = data.title
    page.draft_title = data.title
    page.summary = data.summary
    page.body = body_to_stream(data.body)
    page.authors = ", ".join(data.authors)
    page.unit = data.unit
    page.province = data.province
    page.sector = data.sector
    page.recognised_on = data.recognised_on
    page.phase = data.phase
    page.year = data.year
    page.benefit_vnd = data.benefit_vnd
    page.benefit_note = data.benefit_note
    page.status = data.status
    page.featured = data.featured
    page.external_id = data.external_id
    page.import_fingerprint = data.fingerprint()
    page.tags.set(list(data.tags))


@transaction.atomic
def initiative_upsert(
    *,
    data: InitiativeData,
    parent: ShowcaseIndexPage,
    user=None,
    gallery: Sequence[tuple[AbstractImage, str]] | None = None,
) -> tuple[InitiativePage, str]:
    """Create or update the initiative with `data.external_id` and publish it.

    `gallery` (pictures with captions), when given, replaces the page's gallery.
    Returns the page and what happened: "created", "updated" or "unchanged".
    """
    page = InitiativePage.objects.select_for_update().filter(external_id=data.external_id).first()
    if page is not None and page.import_fingerprint == data.fingerprint() and page.live:
        return page, "unchanged"
    outcome = "updated"
    if page is None:
        page = InitiativePage()
        _apply(page, data)
        parent.add_child(instance=page)
        outcome = "created"
    else:
        _apply(page, data)
    if gallery is not None:
        page.gallery_images = [
            InitiativeGalleryImage(image=image, caption=caption, sort_order=position)
            for position, (image, caption) in enumerate(gallery)
        ]
    # Publishing validates the page again before it saves, so the revision need not.
    page.save_revision(user=user, log_action=True, clean=False).publish(user=user)
    return page, outcome


# The initiatives' tally ---------------------------------------------------------------
#
# InitiativeTally counts the live, public initiatives per province, sector, phase and
# benefit range; TalliedInitiative holds what each initiative added to it. Every change
# to an initiative runs `tally_initiatives` in its own transaction (showcase.signals),
# so the tally commits or rolls back with the change.

_TALLIED_COLUMNS = ("page_id", *Dimension.values, "benefit_vnd")
_TALLY_COLUMNS = ("dimension", "key", "count", "benefit_vnd")


def _insert_rows(model: type[Model], columns: Sequence[str], rows: QuerySet) -> None:
    """INSERT INTO model's table the rows the query `rows` selects, in the database: a
    rebuild copies a million rows without bringing them into Python."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    names = ", ".join(quote(model._meta.get_field(column).column) for column in columns)
    select, params = rows.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        # The table and columns come from the model; the values are parameters.
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({names}) {select}", params)  # noqa: S608


def _lock_tally() -> None:
    """One tally update at a time, to the end of the transaction: two updates of the
    same initiative would each take out what it added before the other's change, and
    two could add the same new row. SQLite runs one write transaction at a time already
    (transaction_mode IMMEDIATE)."""
    connection = connections[router.db_for_write(InitiativeTally)]
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(InitiativeTally._meta.db_table)
        with connection.cursor() as cursor:
            # Readers of the tally (the statistics page) are not blocked.
            cursor.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")


def _sums(tallied: QuerySet) -> dict[tuple[str, int], tuple[int, int]]:
    return {
        (dimension, key): (count, benefit) for dimension, key, count, benefit in tally_sums(tallied)
    }


@transaction.atomic
def tally_initiatives(*, pages: Collection[int] | QuerySet) -> None:
    """Bring the tally in step with what `pages` (page ids, or a query of pages) are now:
    each one that is live and public is counted under its current province, sector,
    phase and benefit range, and every other one (unpublished, private, deleted, or
    not an initiative) is not counted. Idempotent: a second call changes nothing."""
    if isinstance(pages, QuerySet):
        pages = pages.order_by().values("pk")
    _lock_tally()
    tallied = TalliedInitiative.objects.filter(page_id__in=pages)
    before = _sums(tallied)
    tallied.delete()
    _insert_rows(
        TalliedInitiative,
        _TALLIED_COLUMNS,
        countable_initiatives(InitiativePage.objects.filter(pk__in=pages)),
    )
    after = _sums(TalliedInitiative.objects.filter(page_id__in=pages))
    emptied = False
    for key in before.keys() | after.keys():
        count_before, benefit_before = before.get(key, (0, 0))
        count_after, benefit_after = after.get(key, (0, 0))
        if (count_before, benefit_before) != (count_after, benefit_after):
            _add_to_tally(
                key, count=count_after - count_before, benefit=benefit_after - benefit_before
            )
            emptied = emptied or count_after < count_before
    if emptied:  # a key may have lost its last initiative
        InitiativeTally.objects.filter(count=0).delete()


def _add_to_tally(key: tuple[str, int], *, count: int, benefit: int) -> None:
    dimension, value = key
    updated = InitiativeTally.objects.filter(dimension=dimension, key=value).update(
        count=F("count") + count, benefit_vnd=F("benefit_vnd") + benefit
    )
    if not updated:  # the tally's lock keeps anyone else from adding the row meanwhile
        InitiativeTally.objects.create(
            dimension=dimension, key=value, count=count, benefit_vnd=benefit
        )


@transaction.atomic
def rebuild_initiative_tally() -> int:
    """Count every live, public initiative afresh; returns how many are counted."""
    _lock_tally()
    TalliedInitiative.objects.all().delete()
    InitiativeTally.objects.all().delete()
    _insert_rows(
        TalliedInitiative, _TALLIED_COLUMNS, countable_initiatives(InitiativePage.objects.all())
    )
    _insert_rows(InitiativeTally, _TALLY_COLUMNS, tally_sums(TalliedInitiative.objects.all()))
    return TalliedInitiative.objects.count()


# Reuses ("Đơn vị tôi đã áp dụng") ------------------------------------------------------
#
# An initiative's `reuse_count` is the number of its confirmed reuses. Each function
# below changes it, if at all, with an F() update in the transaction of the change, and
# queues the initiative's index change there too: a queryset update fires no save signal,
# and the "most reused" sort reads the count from the index.

Status = InitiativeReuse.Status
ACTION_RECORDED = "showcase.reuse_recorded"
ACTION_CONFIRMED = "showcase.reuse_confirmed"
ACTION_REJECTED = "showcase.reuse_rejected"
ACTION_MOVED = "showcase.reuses_moved"
ACTION_MERGED = "showcase.initiative_merged"


def _lock_initiatives(*page_ids: int) -> None:
    """Hold the initiatives' rows to the end of the transaction, in the order of their
    ids (two moves between the same pages cannot deadlock). An editor's publish holds
    the same lock (portal.middleware), so it cannot write back a count read before."""
    for page_id in sorted(set(page_ids)):
        page_lock_for_edit(page_id=page_id)


def _add_to_reuse_count(initiative: InitiativePage, change: int) -> None:
    if not change:
        return
    InitiativePage.objects.filter(pk=initiative.pk).update(reuse_count=F("reuse_count") + change)
    initiative.refresh_from_db(fields=["reuse_count"])
    record_change(
        doc_type=model_label(concrete_model_of(initiative)),
        object_ids=[initiative.pk],
        action=IndexChange.Action.UPSERT,
    )


def _reuse_log_data(reuse: InitiativeReuse) -> dict:
    """What the audit trail keeps of a reuse: never the visitor's contact."""
    return {
        "initiative": reuse.initiative_id,
        "unit_name": reuse.unit_name,
        "status": reuse.status,
    }


@transaction.atomic
def reuse_record(
    *,
    initiative: InitiativePage,
    unit_name: str,
    user=None,
    contact: str = "",
    unit: CampaignUnit | None = None,
    province: Province | None = None,
    applied_on: date | None = None,
    note: str = "",
    benefit_vnd: int | None = None,
) -> InitiativeReuse:
    """Record that a unit applied `initiative`. Confirmed and counted at once when `user`
    is a union account (showcase.selectors.is_union_account); otherwise pending until an
    editor confirms it. `contact` is a visitor's e-mail or phone, for the editors only."""
    _lock_initiatives(initiative.pk)
    confirmed = is_union_account(user)
    now = timezone.now()
    account = user if user is not None and user.is_authenticated else None
    reuse = InitiativeReuse(
        initiative=initiative,
        unit_name=unit_name.strip(),
        unit=unit,
        province=province,
        applied_on=applied_on,
        note=note.strip(),
        benefit_vnd=benefit_vnd,
        contact=contact.strip(),
        submitted_by=account,
        status=Status.CONFIRMED if confirmed else Status.PENDING,
        decided_at=now if confirmed else None,
        decided_by=account if confirmed else None,
    )
    reuse.full_clean()
    reuse.save()
    _add_to_reuse_count(initiative, 1 if confirmed else 0)
    log(instance=reuse, action=ACTION_RECORDED, user=account, data=_reuse_log_data(reuse))
    return reuse


def _decide(*, reuse: InitiativeReuse, user, status: str, action: str) -> InitiativeReuse:
    """Set the reuse's status, counting it in or out of its initiative's count. The
    `reuse` given (and its initiative, if loaded) are updated and returned."""
    initiative = reuse.initiative
    _lock_initiatives(initiative.pk)
    # Read again under the lock: the status decides what the count gains or loses.
    current = InitiativeReuse.objects.select_for_update().get(pk=reuse.pk)
    if current.initiative_id != initiative.pk:  # moved meanwhile (reuse_move)
        initiative = current.initiative
        _lock_initiatives(initiative.pk)
        reuse.initiative = initiative
    current.initiative = initiative  # its title labels the log entry
    if current.status != status:  # else decided so already: nothing changes or is logged
        was_confirmed = current.status == Status.CONFIRMED
        current.status = status
        current.decided_at = timezone.now()
        current.decided_by = user
        current.save(update_fields=["status", "decided_at", "decided_by"])
        change = int(status == Status.CONFIRMED) - int(was_confirmed)
        _add_to_reuse_count(initiative, change)
        log(instance=current, action=action, user=user, data=_reuse_log_data(current))
    # The caller's object shows the decision (the earlier one, if this one was taken).
    reuse.status, reuse.decided_at = current.status, current.decided_at
    reuse.decided_by_id = current.decided_by_id
    return reuse


@transaction.atomic
def reuse_confirm(*, reuse: InitiativeReuse, user) -> InitiativeReuse:
    """An editor confirms the reuse: it is shown and counted (a rejected one too)."""
    return _decide(reuse=reuse, user=user, status=Status.CONFIRMED, action=ACTION_CONFIRMED)


@transaction.atomic
def reuse_reject(*, reuse: InitiativeReuse, user) -> InitiativeReuse:
    """An editor rejects the reuse: it is neither shown nor counted (a confirmed one is
    taken out of the count)."""
    return _decide(reuse=reuse, user=user, status=Status.REJECTED, action=ACTION_REJECTED)


@transaction.atomic
def reuse_move(*, source: InitiativePage, target: InitiativePage, user=None) -> int:
    """Move every reuse of `source` to `target`, as when a duplicate initiative is
    merged into an existing one; their statuses are kept and the confirmed ones now
    count for `target`. Returns how many reuses moved."""
    if source.pk == target.pk:
        raise ValueError("Không thể chuyển đơn vị áp dụng sang chính sáng kiến đó.")
    _lock_initiatives(source.pk, target.pk)
    reuses = InitiativeReuse.objects.filter(initiative=source)
    moved_ids = list(reuses.order_by("pk").values_list("pk", flat=True))
    if not moved_ids:
        return 0
    confirmed = reuses.filter(status=Status.CONFIRMED).count()
    InitiativeReuse.objects.filter(pk__in=moved_ids).update(initiative=target)
    _add_to_reuse_count(source, -confirmed)
    _add_to_reuse_count(target, confirmed)
    log(
        instance=target,
        action=ACTION_MOVED,
        user=user,
        data={
            "source": source.pk,
            "source_title": source.title,
            "reuses": moved_ids,
            "confirmed": confirmed,
        },
    )
    return len(moved_ids)


# Merging duplicates ---------------------------------------------------------------------


@transaction.atomic
def initiative_merge(*, duplicate: InitiativePage, target: InitiativePage, user=None) -> None:
    """`duplicate` is the same idea as `target`: its reuse records move to `target`, the
    address it was published at redirects there permanently, and it is deleted (the
    target's history says what was merged into it)."""
    from wagtail.contrib.redirects.models import Redirect

    if duplicate.pk == target.pk:
        raise ValueError("Không thể gộp một sáng kiến vào chính nó.")
    reuse_move(source=duplicate, target=target, user=user)
    if duplicate.first_published_at is not None or duplicate.live:
        url_parts = duplicate.get_url_parts()
        if url_parts is not None:
            site_id, _, page_path = url_parts
            Redirect.add_redirect(
                Redirect.normalise_path(page_path),
                redirect_to=target,
                is_permanent=True,
                site=Site.objects.filter(pk=site_id).first(),
            )
    log(
        instance=target,
        action=ACTION_MERGED,
        user=user,
        data={"duplicate": duplicate.pk, "duplicate_title": duplicate.title},
    )
    duplicate.delete()
