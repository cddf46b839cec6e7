import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from search.engines.base import EngineUnavailable
from search.models import IndexChange
from search.query import SearchRequest
from search.service import get_search_service
from search.sync import _claim, replay_pending
from showcase.models import InitiativePage, Sector

# Real commits: the outbox is written and replayed around them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def found_titles(q: str) -> list[str]:
    response = get_search_service().search(SearchRequest(q=q))
    return [hit.title for hit in response.hits]


def test_publishing_makes_a_page_searchable_and_unpublishing_removes_it(
    search_engine, make_initiative
):
    page = make_initiative(title="Máy bóc vỏ hạt điều tự động")
    assert found_titles("bóc vỏ hạt điều") == ["Máy bóc vỏ hạt điều tự động"]
    assert not IndexChange.objects.exists()

    page.unpublish()
    assert found_titles("bóc vỏ hạt điều") == []


def test_deleting_a_page_removes_it_from_search(search_engine, make_article):
    article = make_article(title="Hội thi sáng kiến cấp tỉnh")
    assert found_titles("hội thi") == ["Hội thi sáng kiến cấp tỉnh"]
    article.delete()
    assert found_titles("hội thi") == []


def test_renaming_a_sector_reindexes_its_initiatives(search_engine, make_initiative):

    make_initiative(title="Sáng kiến ở xưởng")
    sector = Sector.objects.get(slug="cong-nghiep")
    sector.name = "Cơ khí chế tạo"
    sector.save()
    assert found_titles("cơ khí chế tạo") == ["Sáng kiến ở xưởng"]


def test_changes_wait_while_the_engine_is_down_and_are_replayed_later(
    search_engine, make_initiative, monkeypatch
):
    def down(**kwargs):
        raise EngineUnavailable("stopped")

    with monkeypatch.context() as patch:
        patch.setattr(search_engine, "apply", down)
        make_initiative(title="Robot hàn ống gió")
        make_initiative(title="Robot sơn tĩnh điện")
        assert IndexChange.objects.count() == 2

    assert replay_pending(search_engine) == 2
    assert not IndexChange.objects.exists()
    assert sorted(found_titles("robot")) == ["Robot hàn ống gió", "Robot sơn tĩnh điện"]


def test_replaying_twice_changes_nothing(search_engine, make_initiative):
    make_initiative(title="Băng tải than kín")
    IndexChange.objects.create(doc_type="initiative", object_id=999999, action="upsert")
    replay_pending(search_engine)
    replay_pending(search_engine)
    assert found_titles("băng tải than") == ["Băng tải than kín"]
    assert search_engine.document_count() == 1


def test_a_failed_admin_unpublish_changes_neither_the_page_nor_the_index(
    client, search_engine, make_initiative, monkeypatch
):
    """The page write and its index change commit together or not at all."""
    from django.contrib.auth import get_user_model

    page = make_initiative(title="Bản gốc")
    editor = get_user_model().objects.create_superuser("bientap", "b@example.vn", "mat-khau-1")
    client.force_login(editor)

    def fail_after_recording(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("search.sync.kick", fail_after_recording)

    unpublish_url = f"/admin/pages/{page.pk}/unpublish/"
    client.raise_request_exception = False
    response = client.post(unpublish_url, {"include_descendants": False})
    assert response.status_code == 500
    assert InitiativePage.objects.get(pk=page.pk).live
    assert not IndexChange.objects.exists()


def test_scheduled_publishing_makes_a_page_searchable(search_engine, make_initiative):
    page = make_initiative(title="Giàn phơi lúa xoay chiều", publish=False)
    page.unpublish()
    page.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))
    assert found_titles("giàn phơi lúa") == []

    call_command("publish_scheduled", stdout=None)

    assert found_titles("giàn phơi lúa") == ["Giàn phơi lúa xoay chiều"]


def test_scheduled_publishing_that_fails_to_record_its_index_change_publishes_nothing(
    search_engine, make_initiative, monkeypatch
):

    page = make_initiative(title="Bộ gá hàn khung xe", publish=False)
    page.unpublish()
    page.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))

    def broken_outbox(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(IndexChange.objects, "bulk_create", broken_outbox)
    with pytest.raises(DatabaseError):
        call_command("publish_scheduled", stdout=None)

    assert not InitiativePage.objects.get(pk=page.pk).live
    monkeypatch.undo()
    call_command("publish_scheduled", stdout=None)
    assert found_titles("gá hàn khung xe") == ["Bộ gá hàn khung xe"]


def test_a_replay_does_not_claim_a_change_an_open_transaction_is_reusing(settings, make_initiative):
    """The reused row stays locked until the edit commits, so the replay reads the edit."""
    if connection.vendor == "sqlite":
        # SQLite runs one write transaction at a time: the replay's claim waits for the
        # edit's commit. That rests on this setting (see the autosave race test).
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    settings.SEARCH_SYNC = "off"
    page = make_initiative(title="Tủ sấy hồ sơ chống ẩm")
    assert IndexChange.objects.count() == 1  # committed, waiting, unclaimed
    editing, done = threading.Event(), threading.Event()

    def edit():
        with transaction.atomic():
            InitiativePage.objects.get(pk=page.pk).save()  # reuses the waiting row
            editing.set()
            done.wait(timeout=10)
        connection.close()

    editor = threading.Thread(target=edit)
    editor.start()
    assert editing.wait(timeout=10)
    try:
        assert _claim(batch_size=10) == []
    finally:
        done.set()
        editor.join(timeout=10)
    assert IndexChange.objects.count() == 1
    assert [change.object_id for change in _claim(batch_size=10)] == [page.pk]
