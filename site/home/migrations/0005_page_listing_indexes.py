"""Indexes on Wagtail's page table for the admin explorer's listings.

With a million initiatives under one page, listing its children sorted by date or by
title sorted every child (0.3 s), and finding the tree's root (`depth = 1`) read the
whole table (0.1 s): treebeard indexes `path` but not `depth`. These cover:

- a page's children (`depth = n AND path LIKE 'p%'`, in path order) and the root;
- the explorer's orders: last updated (both directions, empty dates first when
  ascending, last when descending, which one index read either way gives), title
  and status.

On a large existing table,
PostgreSQL blocks writes to the page table while an index is built (seconds).
"""

from django.db import migrations

INDEXES = {
    "mtsk_page_depth_path": "(depth, path)",
    # SQLite has no NULLS LAST in an index, and puts empty values last when descending.
    "mtsk_page_latest_revision": "(latest_revision_created_at DESC{nulls_last})",
    "mtsk_page_title": "(title)",
    "mtsk_page_live": "(live)",
}


def create_indexes(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    for name, columns in INDEXES.items():
        columns = columns.format(nulls_last=" NULLS LAST" if postgresql else "")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON wagtailcore_page {columns}")


def drop_indexes(apps, schema_editor):
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_homefeaturedinitiative_note"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
