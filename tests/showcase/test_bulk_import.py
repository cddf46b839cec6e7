"""The import writes in batches: its pages must be as good as pages made in the admin."""

import csv
import io
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from portal.progress import Progress
from search.query import SearchRequest
from search.service import get_search_service
from showcase.models import InitiativePage, ShowcaseIndexPage
from showcase.selectors import tally_differences

pytestmark = pytest.mark.django_db

COLUMNS = ["external_id", "title", "summary", "body", "province", "sector", "phase", "tags"]


def write_rows(path, rows: list[dict]) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {"summary": "Tóm tắt.", "province": "01", "sector": "y-te", "phase": "1", **row}
            )
    return str(path)


def numbered(count: int, *, title="Máy bơm tiết kiệm điện số {n}") -> list[dict]:
    return [{"external_id": f"N-{n}", "title": title.format(n=n)} for n in range(count)]


def run_import(path: str, *args: str) -> str:
    out = io.StringIO()
    call_command("import_initiatives", path, "--no-progress", *args, stdout=out)
    return out.getvalue()


def fixtree_output() -> str:
    out = io.StringIO()
    call_command("fixtree", stdout=out)
    return out.getvalue()


def test_batches_leave_a_tree_that_fixtree_finds_nothing_to_fix_in(tmp_path, make_initiative):
    make_initiative(title="Sáng kiến nhập tay trước")
    run_import(write_rows(tmp_path / "a.csv", numbered(23)), "--batch-size", "5")
    showcase = ShowcaseIndexPage.objects.get()
    assert showcase.numchild == 24
    assert "No problems found" in fixtree_output()
    paths = list(showcase.get_children().values_list("path", flat=True))
    assert len(set(paths)) == 24


def test_each_page_is_published_at_its_address_under_the_showcase(tmp_path, client):
    run_import(write_rows(tmp_path / "a.csv", numbered(3)))
    page = InitiativePage.objects.get(external_id="N-1")
    assert page.live and not page.has_unpublished_changes
    assert page.url == "/sang-kien/may-bom-tiet-kiem-dien-so-1/"
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Máy bơm tiết kiệm điện số 1" in response.content.decode()


def test_rows_sharing_a_title_get_distinct_addresses(tmp_path, make_initiative):
    make_initiative(title="Robot hàn", slug="robot-han")
    rows = numbered(3, title="Robot hàn")
    run_import(write_rows(tmp_path / "a.csv", rows), "--batch-size", "2")
    slugs = sorted(InitiativePage.objects.values_list("slug", flat=True))
    assert slugs == ["robot-han", "robot-han-n-0", "robot-han-n-1", "robot-han-n-2"]


def test_a_title_naming_a_reserved_address_steps_over_it(tmp_path):
    run_import(write_rows(tmp_path / "a.csv", [{"external_id": "R-1", "title": "Nổi bật"}]))
    assert InitiativePage.objects.get().slug == "noi-bat-r-1"


def test_history_says_the_import_created_the_page_and_from_which_file(tmp_path, client, editor):
    run_import(write_rows(tmp_path / "dot-1.csv", numbered(1)))
    page = InitiativePage.objects.get()
    entry = PageLogEntry.objects.get(page=page)
    assert entry.action == "showcase.imported"
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert "Tạo và xuất bản bằng nhập tệp “dot-1.csv”" in response.content.decode()


def test_the_reference_index_holds_what_wagtail_would_write(tmp_path):
    rows = [{"external_id": "T-1", "title": "Có từ khóa", "tags": "điện;nước;an toàn"}]
    run_import(write_rows(tmp_path / "a.csv", rows))
    page = InitiativePage.objects.get()
    fields = ("to_content_type_id", "to_object_id", "model_path", "content_path")

    def references():
        return set(ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(*fields))

    written = references()
    assert len(written) == 5
    ReferenceIndex.objects.filter(object_id=str(page.pk)).delete()
    ReferenceIndex.create_or_update_for_object(InitiativePage.objects.get(pk=page.pk))
    assert references() == written


def test_a_changed_row_updates_the_page_with_a_revision_the_editor_opens(tmp_path):
    path = tmp_path / "a.csv"
    run_import(write_rows(path, [{"external_id": "U-1", "title": "Cũ", "tags": "cũ"}]))
    page = InitiativePage.objects.get()
    # An editor's draft saved in between is replaced by what the file now says.
    page.title = "Bản nháp của biên tập viên"
    page.save_revision()
    output = run_import(write_rows(path, [{"external_id": "U-1", "title": "Mới", "tags": "mới"}]))
    assert "0 mới, 1 cập nhật, 0 không đổi" in output
    page = InitiativePage.objects.get()
    assert page.title == "Mới" and page.live and not page.has_unpublished_changes
    assert page.slug == "cu"  # the address stays
    assert list(page.tags.names()) == ["mới"]
    assert page.get_latest_revision_as_object().title == "Mới"
    assert page.live_revision_id == page.latest_revision_id
    entry = PageLogEntry.objects.filter(page=page).latest("pk")
    assert (entry.action, entry.revision_id) == ("showcase.reimported", page.live_revision_id)


def test_an_unpublished_page_is_published_again_by_a_rerun(tmp_path):
    path = write_rows(tmp_path / "a.csv", numbered(2))
    run_import(path)
    InitiativePage.objects.get(external_id="N-0").unpublish()
    assert "0 mới, 1 cập nhật, 1 không đổi" in run_import(path)
    assert InitiativePage.objects.get(external_id="N-0").live


def test_statistics_and_search_see_the_batch(tmp_path):
    rows = numbered(4) + [{"external_id": "S-1", "title": "Quạt hút bụi", "province": "79"}]
    run_import(write_rows(tmp_path / "a.csv", rows), "--batch-size", "3")
    assert tally_differences() == []
    response = get_search_service().search(SearchRequest(q="quat hut bui"))
    assert [hit.title for hit in response.hits][:1] == ["Quạt hút bụi"]


def test_progress_goes_out_as_plain_lines_when_not_on_a_terminal():
    stream = io.StringIO()
    with Progress(total=10, label="Nhập sáng kiến", stream=stream, interval=0) as progress:
        progress.update(4)
        progress.update(6)
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("Nhập sáng kiến: 4/10 dòng (40%), ")
    assert "còn khoảng" in lines[0]
    assert lines[-1].startswith("Nhập sáng kiến: 10/10 dòng (100%)")
    assert "\r" not in stream.getvalue()


def test_no_progress_means_no_lines():
    stream = io.StringIO()
    with Progress(total=10, label="x", stream=stream, enabled=False, interval=0) as progress:
        progress.update(10)
    assert stream.getvalue() == ""


def _edit_form_data(page: InitiativePage, **changes) -> dict:
    """The admin edit form as a browser would post it (the StreamField is drawn by
    JavaScript, so it cannot be read back from the page's HTML)."""
    values = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "body": streamfield(
            [(block.block_type, rich_text(block.value.source)) for block in page.body]
        ),
        "authors": page.authors,
        "unit": page.unit,
        "province": page.province_id,
        "sector": page.sector_id,
        "tags": "",
        "phase": page.phase,
        "year": page.year,
        "status": page.status,
        "gallery_images": inline_formset([]),
        "documents": inline_formset([]),
        "external_id": page.external_id,
        **changes,
    }
    return nested_form_data(values)


class ImportedPageInTheAdminTests(WagtailPageTestCase, TestCase):
    """An imported page goes through the admin's edit, preview, schedule, unpublish,
    move and delete like a page made there."""

    def setUp(self):
        directory = self.enterContext(tempfile.TemporaryDirectory())
        self.path = Path(directory) / "sang-kien.csv"
        run_import(write_rows(self.path, numbered(3)))
        self.page = InitiativePage.objects.get(external_id="N-1")

    def test_it_is_edited_published_and_previewed_in_the_admin(self):
        data = _edit_form_data(self.page, title="Máy bơm sửa trong trang quản trị")
        self.client.force_login(self.create_superuser("bientap"))
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
            {**data, "action-publish": "publish"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            InitiativePage.objects.get(pk=self.page.pk).title, "Máy bơm sửa trong trang quản trị"
        )
        self.assertPageIsPreviewable(self.page, post_data=data)

    def test_a_scheduled_revision_is_published_at_its_time(self):
        self.page.title = "Tên mới theo lịch"
        revision = self.page.save_revision(approved_go_live_at=timezone.now() + timedelta(hours=1))
        revision.publish()
        self.assertEqual(InitiativePage.objects.get(pk=self.page.pk).title, self.page.title)
        revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
        revision.save()
        call_command("publish_scheduled", stdout=io.StringIO())
        self.assertEqual(InitiativePage.objects.get(pk=self.page.pk).title, "Tên mới theo lịch")

    def test_it_can_be_unpublished_moved_and_deleted(self):
        self.page.unpublish()
        self.assertFalse(InitiativePage.objects.get(pk=self.page.pk).live)
        first = InitiativePage.objects.get(external_id="N-0")
        self.page.move(first, pos="left")
        self.assertEqual(
            [p.specific.external_id for p in ShowcaseIndexPage.objects.get().get_children()],
            ["N-1", "N-0", "N-2"],
        )
        Page.objects.get(pk=self.page.pk).delete()
        self.assertFalse(InitiativePage.objects.filter(pk=self.page.pk).exists())
        self.assertEqual(ShowcaseIndexPage.objects.get().numchild, 2)
        self.assertIn("No problems found", fixtree_output())
        self.assertEqual(tally_differences(), [])


def _queries_to_update(tmp_path, count: int) -> int:
    """Queries of a rerun that changes each of `count` rows (imported first)."""
    rows = [
        {"external_id": f"Q{count}-{n}", "title": f"Máy ép bùn đời {count}.{n}", "tags": "bơm;điện"}
        for n in range(count)
    ]
    run_import(write_rows(tmp_path / f"a{count}.csv", rows))
    changed = [{**row, "summary": "Tóm tắt mới."} for row in rows]
    with CaptureQueriesContext(connection) as queries:
        output = run_import(write_rows(tmp_path / f"b{count}.csv", changed))
    assert f"{count} cập nhật" in output
    return len(queries)


def test_updating_a_batch_takes_the_same_queries_for_two_rows_or_six(tmp_path):
    assert _queries_to_update(tmp_path, 2) == _queries_to_update(tmp_path, 6)
