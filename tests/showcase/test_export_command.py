"""`export_open_data --if-missing`, as `make run` calls it: the demo site's /du-lieu-mo/
has files to download the first time, and later runs leave the export alone."""

import io

import pytest
from django.core.management import call_command

from showcase.exports import dated_exports


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_if_missing_exports_only_when_there_is_no_export_yet(client, make_initiative):
    make_initiative(title="Máy cắt tôn tự động")
    assert "Chưa có bản xuất" in client.get("/du-lieu-mo/").content.decode()

    call_command("export_open_data", "--if-missing", "--date", "2026-12-04", stdout=io.StringIO())
    assert [folder.name for folder in dated_exports()] == ["2026-12-04"]
    page = client.get("/du-lieu-mo/").content.decode()
    assert "sang-kien.csv" in page

    out = io.StringIO()
    call_command("export_open_data", "--if-missing", "--date", "2026-12-05", stdout=out)
    assert [folder.name for folder in dated_exports()] == ["2026-12-04"]
    assert "không xuất lại" in out.getvalue()


def test_if_stale_exports_once_a_day(make_initiative):
    """`make serve` calls it hourly: only the first call of a day writes an export."""
    make_initiative(title="Máy cắt tôn tự động")
    for day in ("2026-12-04", "2026-12-04", "2026-12-05", "2026-12-05"):
        call_command("export_open_data", "--if-stale", "--date", day, stdout=io.StringIO())
    assert [folder.name for folder in dated_exports()] == ["2026-12-05", "2026-12-04"]
