"""Writing validated initiatives in batches: the write half of `import_initiatives`.

Saving pages one at a time through Wagtail (tree insert, revision, publish, each
with its signals) manages a few dozen rows a second. A batch here is one
transaction and a fixed number of statements whatever its size:

- the rows' external ids are looked up once; a row whose fingerprint matches a
  live page is left alone ("unchanged");
- new pages get their treebeard paths and slugs computed here, and their
  `wagtailcore_page` and `InitiativePage` rows, tags, Wagtail reference-index
  rows and a history entry ("created by an import") go in with one bulk insert
  each;
- changed pages are updated in bulk, with a revision each (so that the editor
  opens what the file says, not an older draft) and a history entry;
- the statistics' tally and the search outbox take the batch's ids at once; the
  search sync worker indexes them after the commit.

A new page has no revision, as a page loaded from a fixture: Wagtail edits,
previews, schedules, unpublishes, moves and deletes it from its live row, and the
first save in the admin gives it its first revision.
"""

import functools
import json
import operator
import secrets
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from portal.page_cache import invalidate, page_tag
from portal.vietnamese import slugify_vi
from search.admin_index import model_label
from search.models import IndexChange
from search.sync import record_change

from .models import (
    RESERVED_INITIATIVE_SLUGS,
    InitiativePage,
    InitiativeTag,
    Province,
    Sector,
    TalliedInitiative,
)
from .services import InitiativeData, body_blocks, tally_initiatives

ACTION_IMPORTED = "showcase.imported"
ACTION_REIMPORTED = "showcase.reimported"
BATCH_SIZE = 2_000


class ShowcaseFullError(Exception):
    """The showcase index has no room left for more children in Wagtail's tree."""


@dataclass
class BatchResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __iadd__(self, other: "BatchResult") -> "BatchResult":
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        return self

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def import_batch(
    *,
    rows: Sequence[InitiativeData],
    parent: Page,
    user=None,
    source: str = "",
    fingerprints: dict[str, str] | None = None,
) -> BatchResult:
    """Create, update or skip each of `rows` (one file's validated rows, unique external
    ids) under `parent`, in one transaction; published at once. `source` (the file's
    name) goes into each page's history. `fingerprints` (by external id) are stored on
    the pages, to recognise the rows later; by default each row's own."""
    if fingerprints is None:
        fingerprints = {row.external_id: row.fingerprint() for row in rows}
    using = router.db_for_write(InitiativePage)
    with transaction.atomic(using=using):
        # One import writes under the showcase at a time: two would compute the same paths.
        parent = Page.objects.select_for_update().get(pk=parent.pk)
        existing = {
            external_id: (pk, fingerprint, live)
            for external_id, pk, fingerprint, live in InitiativePage._base_manager.filter(
                external_id__in=list(fingerprints)
            ).values_list("external_id", "pk", "import_fingerprint", "live")
        }
        new_rows, changed = [], {}
        for row in rows:
            found = existing.get(row.external_id)
            if found is None:
                new_rows.append(row)
            elif found[1] != fingerprints[row.external_id] or not found[2]:
                changed[found[0]] = row
        now = timezone.now()
        created = _create(new_rows, parent=parent, fingerprints=fingerprints, now=now, user=user)
        revisions = _update(changed, fingerprints=fingerprints, now=now, user=user)
        written = [*created, *changed]
        if written:
            entries = [(pk, row.title, ACTION_IMPORTED, None) for pk, row in created.items()]
            entries += [
                (pk, row.title, ACTION_REIMPORTED, revisions[pk]) for pk, row in changed.items()
            ]
            _log(entries, now=now, user=user, source=source)
            tally_initiatives(pages=_pages_among(written))
            record_change(
                doc_type=model_label(InitiativePage),
                object_ids=written,
                action=IndexChange.Action.UPSERT,
            )
            # Cached pages that show the updated ones; listings renew as the index does.
            invalidate(*(page_tag(pk) for pk in changed))
    return BatchResult(
        created=len(created), updated=len(changed), unchanged=len(rows) - len(written)
    )


def refresh_statistics() -> None:
    """Have the database sample the tables an import grows afresh. PostgreSQL plans each
    batch's lookups (tags and slugs of the batch's pages, the tally, the search outbox)
    from its row counts, which autovacuum renews only after a fifth of a table has
    changed, and may not reach during a long load: on the counts of a table a tenth of
    its size, the planner walked a whole index for 500 pages' tags. SQLite plans from
    the same kind of statistics once a table has been analysed."""
    connection = connections[router.db_for_write(InitiativePage)]
    models = (Page, InitiativePage, InitiativeTag, ReferenceIndex, TalliedInitiative, IndexChange)
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")
            return
        # A sample of each index, not the whole of it (SQLite 3.32 and later).
        cursor.execute("PRAGMA analysis_limit = 1000")
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


# New pages ----------------------------------------------------------------------------


def _create(
    rows: Sequence[InitiativeData],
    *,
    parent: Page,
    fingerprints: dict[str, str],
    now: datetime,
    user,
) -> dict[int, InitiativeData]:
    """Insert a live page per row; returns the rows by their new page's id."""
    if not rows:
        return {}
    depth = parent.depth + 1
    step = _next_step(parent)
    last_step = len(Page.alphabet) ** Page.steplen - 1
    if step + len(rows) - 1 > last_step:
        raise ShowcaseFullError(
            f"Thư viện sáng kiến đã đủ {last_step:,} trang con, số tối đa của cây trang Wagtail; "
            "hãy chia sáng kiến sang một trang thư viện khác."
        )
    slugs = _free_slugs(rows, parent=parent)
    content_type_id = ContentType.objects.get_for_model(InitiativePage).pk
    db = _Values(router.db_for_write(InitiativePage))
    published = db.datetime(now)
    page_rows = []
    for offset, row in enumerate(rows):
        slug = slugs[row.external_id]
        page_rows.append(
            {
                "path": Page._get_path(parent.path, depth, step + offset),
                "depth": depth,
                "numchild": 0,
                "translation_key": db.uuid(_time_ordered_uuid()),
                "locale_id": parent.locale_id,
                "live": True,
                "has_unpublished_changes": False,
                "first_published_at": published,
                "last_published_at": published,
                "latest_revision_created_at": published,
                "expired": False,
                "locked": False,
                "title": row.title,
                "draft_title": row.title,
                "slug": slug,
                "content_type_id": content_type_id,
                "url_path": f"{parent.url_path}{slug}/",
                "owner_id": user.pk if user else None,
                "show_in_menus": False,
                "seo_title": "",
                "search_description": "",
            }
        )
    _insert_rows(Page, page_rows)
    # The new rows' ids, in the order of their paths (which is the rows' order).
    ids = list(
        Page.objects.filter(
            depth=depth, path__gte=page_rows[0]["path"], path__lte=page_rows[-1]["path"]
        )
        .order_by("path")
        .values_list("pk", flat=True)
    )
    _insert_rows(
        InitiativePage,
        [
            {"page_ptr_id": pk, **_initiative_values(row, fingerprints[row.external_id], db)}
            for pk, row in zip(ids, rows, strict=True)
        ],
    )
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(rows))
    created = dict(zip(ids, rows, strict=True))
    _write_tags_and_references(created)
    return created


def _time_ordered_uuid() -> uuid.UUID:
    """A random UUID that starts with the time in milliseconds (the layout of UUID
    version 7). Wagtail's random translation keys would land all over the unique
    index on (translation_key, locale); these land at its end, in the pages the
    previous rows touched."""
    milliseconds = time.time_ns() // 1_000_000
    value = (milliseconds & (2**48 - 1)) << 80 | secrets.randbits(80)
    value = value & ~(0xF << 76) | 0x7 << 76  # version 7
    value = value & ~(0x3 << 62) | 0x2 << 62  # RFC 4122 variant
    return uuid.UUID(int=value)


def _initiative_values(row: InitiativeData, fingerprint: str, db: "_Values") -> dict:
    """The InitiativePage columns of a new page, as database values."""
    values = _initiative_fields(row, fingerprint=fingerprint)
    values["body"] = db.json(values["body"])
    values["province_id"] = values.pop("province").pk
    values["sector_id"] = values.pop("sector").pk
    values["recognised_on"] = db.date(values["recognised_on"])
    values["reuse_count"] = 0
    return values


def _initiative_fields(row: InitiativeData, *, fingerprint: str) -> dict:
    """The InitiativePage columns a row sets, as `services._apply` sets them."""
    return {
        "summary": row.summary,
        # Raw block data: StreamField stores it as is, adding the block ids.
        "body": [
            {"type": kind, "value": markup, "id": str(uuid.uuid4())}
            for kind, markup in body_blocks(row.body)
        ],
        "authors": ", ".join(row.authors),
        "unit": row.unit,
        "province": row.province,
        "sector": row.sector,
        "recognised_on": row.recognised_on,
        "phase": row.phase,
        "year": row.year,
        "benefit_vnd": row.benefit_vnd,
        "benefit_note": row.benefit_note,
        "status": row.status,
        "featured": row.featured,
        "external_id": row.external_id,
        "import_fingerprint": fingerprint,
    }


def _next_step(parent: Page) -> int:
    last_child = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return 1 if last_child is None else Page._str2int(last_child[-Page.steplen :]) + 1


def _free_slugs(rows: Sequence[InitiativeData], *, parent: Page) -> dict[str, str]:
    """A slug per row, unique among the showcase's children: the title's, as the admin
    makes it; when taken, followed by the row's external id; then by a number."""
    wanted = {row.external_id: slugify_vi(row.title) or "sang-kien" for row in rows}
    child_path_length = len(parent.path) + Page.steplen
    taken = set(RESERVED_INITIATIVE_SLUGS)
    chosen: dict[str, str] = {}
    for attempt in range(100):
        candidates = {
            external_id: _slug_candidate(slug, external_id, attempt)
            for external_id, slug in wanted.items()
            if external_id not in chosen
        }
        if not candidates:
            return chosen
        # Looked up by slug alone (its index), then kept if a child of the showcase: a
        # slug filter within the showcase's path range would scan a million children.
        taken.update(
            slug
            for slug, path in Page.objects.filter(slug__in=set(candidates.values())).values_list(
                "slug", "path"
            )
            if len(path) == child_path_length and path.startswith(parent.path)
        )
        for external_id, slug in candidates.items():
            if slug not in taken:
                taken.add(slug)
                chosen[external_id] = slug
    raise RuntimeError("no free slug found")  # a hundred rounds of unique suffixes


def _slug_candidate(slug: str, external_id: str, attempt: int) -> str:
    if attempt == 0:
        return slug
    suffix = slugify(external_id) or "ma"
    return f"{slug}-{suffix}" if attempt == 1 else f"{slug}-{suffix}-{attempt}"


# Changed pages ------------------------------------------------------------------------

_PAGE_FIELDS = (
    "title",
    "draft_title",
    "live",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision_created_at",
    "latest_revision",
    "live_revision",
    "expired",
)


def _update(
    changed: dict[int, InitiativeData], *, fingerprints: dict[str, str], now: datetime, user
) -> dict[int, int]:
    """Bring the pages `changed` (by id) to their rows and publish them; returns each
    page's new revision id."""
    if not changed:
        return {}
    # The child rows a revision serialises, read for the whole batch at once.
    pages = list(
        InitiativePage.objects.filter(pk__in=list(changed))
        .order_by("pk")
        .prefetch_related(
            "gallery_images", "documents", "wagtail_admin_comments", "tagged_items__tag"
        )
    )
    tags = {
        tag.name: tag
        for tag in Tag.objects.filter(
            pk__in=_tag_ids({name for row in changed.values() for name in row.tags}).values()
        )
    }
    child_fields: list[str] = []
    for page in pages:
        row = changed[page.pk]
        fields = _initiative_fields(row, fingerprint=fingerprints[row.external_id])
        child_fields = list(fields)
        for name, value in fields.items():
            setattr(page, name, value)
        page.title = page.draft_title = row.title
        page.live, page.has_unpublished_changes, page.expired = True, False, False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.latest_revision_created_at = now
        # In memory, for the revision's content; the tag rows are written below in bulk.
        page.tags.set([tags[name] for name in row.tags])
    # A revision each, as a publish in the admin makes: the editor then opens this
    # content, not a draft saved before the import.
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_object=page,
                base_content_type_id=page.get_base_content_type().pk,
                object_str=page.title,
                created_at=now,
                user=user,
                content=page.serializable_data(),
            )
            for page in pages
        ]
    )
    for page, revision in zip(pages, revisions, strict=True):
        page.latest_revision = page.live_revision = revision
    _update_rows(Page, pages, _PAGE_FIELDS)
    _update_rows(InitiativePage, pages, child_fields)
    InitiativeTag.objects.filter(content_object_id__in=list(changed)).delete()
    ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page), object_id__in=map(str, changed)
    ).delete()
    _write_tags_and_references(changed)
    return {page.pk: page.live_revision_id for page in pages}


# Tags, references and history ---------------------------------------------------------


def _write_tags_and_references(rows: dict[int, InitiativeData]) -> None:
    """The pages' tag links and the rows of Wagtail's reference index that the admin's
    usage counts read (province, sector and each tag), as saving the page would write."""
    tag_ids = _tag_ids({name for row in rows.values() for name in row.tags})
    _insert_rows(
        InitiativeTag,
        [
            {"content_object_id": page_id, "tag_id": tag_ids[name]}
            for page_id, row in rows.items()
            for name in row.tags
        ],
    )
    links = [
        (pk, page_id, tag_id)
        for pk, page_id, tag_id in InitiativeTag.objects.filter(
            content_object_id__in=_pages_among(list(rows)).values("pk")
        ).values_list("pk", "content_object_id", "tag_id")
        if page_id in rows
    ]
    content_types = ContentType.objects.get_for_models(InitiativePage, Page, Province, Sector, Tag)
    page_type, base_type = content_types[InitiativePage].pk, content_types[Page].pk
    db = _Values(router.db_for_write(ReferenceIndex))

    def reference(page_id: int, model, target_id: int, model_path: str, content_path: str):
        return {
            "content_type_id": page_type,
            "base_content_type_id": base_type,
            "object_id": str(page_id),
            "to_content_type_id": content_types[model].pk,
            "to_object_id": str(target_id),
            "model_path": model_path,
            "content_path": content_path,
            "content_path_hash": db.uuid(_path_hash(content_path)),
        }

    references = []
    for page_id, row in rows.items():
        references.append(reference(page_id, Province, row.province.pk, "province", "province"))
        references.append(reference(page_id, Sector, row.sector.pk, "sector", "sector"))
    references += [
        reference(page_id, Tag, tag_id, "tagged_items.item.tag", f"tagged_items.{pk}.tag")
        for pk, page_id, tag_id in links
    ]
    _insert_rows(ReferenceIndex, references)


@functools.lru_cache(maxsize=64)
def _path_hash(content_path: str) -> uuid.UUID:
    return ReferenceIndex._get_content_path_hash(content_path)


def _pages_among(ids: list[int]) -> QuerySet:
    """The initiatives whose ids are among `ids`. The ids of a batch's new pages are
    dense, and a range is cheaper to send and plan than thousands of parameters; what
    else the range holds (a page someone saved meanwhile) the callers take as it is."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return InitiativePage._base_manager.filter(pk__gte=low, pk__lte=high)
    return InitiativePage._base_manager.filter(pk__in=ids)


def _tag_ids(names: set[str]) -> dict[str, int]:
    found = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    for name in sorted(names - found.keys()):
        # Few and mostly in the first batches; taggit's save finds a free slug.
        found[name] = Tag.objects.create(name=name).pk
    return found


def _log(entries: list[tuple[int, str, str, int | None]], *, now: datetime, user, source: str):
    """History entries (page id, title, action, revision id), one per written page."""
    content_type_id = ContentType.objects.get_for_model(InitiativePage).pk
    db = _Values(router.db_for_write(PageLogEntry))
    data, timestamp = db.json({"source": source} if source else {}), db.datetime(now)
    _insert_rows(
        PageLogEntry,
        [
            {
                "content_type_id": content_type_id,
                "page_id": page_id,
                "label": title,
                "action": action,
                "data": data,
                "timestamp": timestamp,
                "user_id": user.pk if user else None,
                "revision_id": revision_id,
                "content_changed": True,
                "deleted": False,
            }
            for page_id, title, action, revision_id in entries
        ],
    )


# Writing rows -------------------------------------------------------------------------


class _Values:
    """Python values as the database takes them in a raw insert (Django's fields would
    convert them one call at a time, which costs more than the insert)."""

    def __init__(self, using: str):
        self.connection = connections[using]
        self.postgresql = self.connection.vendor == "postgresql"

    def datetime(self, value: datetime):
        return value if self.postgresql else self.connection.ops.adapt_datetimefield_value(value)

    def date(self, value: date | None):
        return value if self.postgresql else self.connection.ops.adapt_datefield_value(value)

    def uuid(self, value: uuid.UUID):
        # Django keeps UUIDs as 32 hex digits where the database has no uuid type.
        return value if self.postgresql else value.hex

    @staticmethod
    def json(value) -> str:
        return json.dumps(value, ensure_ascii=False)


def _update_rows(model, objects: list, field_names: Sequence[str]) -> None:
    """Write `field_names` of `objects` to `model`'s table, one UPDATE per row sent in a
    single batch (Django's bulk_update builds a CASE per column over every row, which
    cost more than the whole rest of an update batch)."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in field_names]
    key = model._meta.pk
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    statement = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608 - model names
        f"WHERE {quote(key.column)} = %s"
    )
    values = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields]
        + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, values)


def _insert_rows(model, rows: list[dict]) -> None:
    """Insert `rows` (column -> database value, the same columns in each) into `model`'s
    table: COPY on PostgreSQL, one executemany elsewhere."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = list(rows[0])
    table, names = quote(model._meta.db_table), ", ".join(map(quote, columns))
    if len(columns) > 1:
        values = list(map(operator.itemgetter(*columns), rows))  # a tuple per row
    else:
        values = [(row[columns[0]],) for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The table and columns come from the model; the values are streamed as data.
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})",  # noqa: S608
                values,
            )
