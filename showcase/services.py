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
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText

from .models import (
    InitiativeGalleryImage,
    InitiativePage,
    InitiativeTally,
    Province,
    Sector,
    ShowcaseIndexPage,
    TalliedInitiative,
)
from .selectors import Dimension, countable_initiatives, tally_sums

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


def body_to_stream(text: str) -> list[tuple[str, RichText]]:
    """Plain text with optional "Vấn đề:", "Giải pháp:", "Kết quả:" paragraphs -> StreamField."""
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
            RichText(
                "".join(
                    f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in parts if part
                )
            ),
        )
        for kind, parts in blocks
    ]


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
