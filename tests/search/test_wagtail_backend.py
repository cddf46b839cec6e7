"""Wagtail's own search (admin, choosers, Page.objects.search) runs on the project's engine."""

import os
import shutil
import unicodedata

import pytest
import wagtail_factories
from django.core.management import call_command
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from search.admin_index import admin_documents
from search.lexicon import get_lexicon
from search.models import IndexChange
from search.query import SearchRequest
from search.service import get_search_service
from search.sync import _claim, record_change
from showcase.models import InitiativePage, Province, Sector

pytestmark = pytest.mark.django_db
TITLE = "Máy ép bùn thải tiết kiệm điện cho trạm xử lý nước"


@pytest.fixture(params=["embedded", "elasticsearch"])
def engine(request, settings, search_engine):
    """The site on each engine, its indexes kept in step with every change."""
    if request.param == "embedded":
        yield "embedded"
        return
    server = request.getfixturevalue("osmem_server")
    with server.clone() as clone:
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = clone.url
        get_search_service.cache_clear()
        yield "elasticsearch"
    get_search_service.cache_clear()


def titles(results) -> list[str]:
    return [page.title for page in results]


def test_page_search_finds_an_initiative_typed_without_diacritics(engine, make_initiative):
    make_initiative(title=TITLE)
    make_initiative(
        title="Băng tải than kín cho cảng",
        summary="Che kín băng tải.",
        body=[],
        benefit_note="Giảm bụi than",
    )

    assert titles(Page.objects.live().search("tiet kiem dien")) == [TITLE]
    assert titles(Page.objects.live().search(unicodedata.normalize("NFD", "tiết kiệm điện"))) == [
        TITLE
    ]
    # A letter too many, and two swapped.
    assert titles(Page.objects.live().search("tiet kiem dienn")) == [TITLE]
    assert titles(InitiativePage.objects.search("bun thia")) == [TITLE]


def test_admin_explorer_search_lists_published_pages_and_drafts(
    engine, client, editor, make_initiative
):
    published = make_initiative(title=TITLE)
    draft = make_initiative(title="Đèn tiết kiệm điện cho xưởng", live=False, publish=False)
    client.force_login(editor)

    response = client.get("/admin/pages/search/", {"q": "tiet kiem dien"})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"/admin/pages/{published.pk}/edit/" in html
    assert f"/admin/pages/{draft.pk}/edit/" in html
    # The explorer completes the word being typed.
    partial = client.get("/admin/pages/search/", {"q": "tiet kiem di"}).content.decode()
    assert f"/admin/pages/{published.pk}/edit/" in partial


def test_admin_search_counts_matches_per_page_type(engine, client, editor, make_initiative):
    make_initiative(title=TITLE)
    make_initiative(title="Lò hơi tiết kiệm điện")
    client.force_login(editor)

    response = client.get("/admin/pages/search/", {"q": "tiet kiem dien"})

    counts = {kind.model: count for kind, count in response.context["content_types"]}
    assert counts == {"initiativepage": 2}


def test_image_listing_and_chooser_find_pictures_without_diacritics(engine, client, editor):
    picture = wagtail_factories.ImageFactory(title="Ảnh dây chuyền đóng gói tự động")
    wagtail_factories.ImageFactory(title="Ảnh hội nghị tổng kết")
    client.force_login(editor)

    listing = client.get("/admin/images/", {"q": "day chuyen dong goi"})
    chooser = client.get("/admin/images/chooser/results/", {"q": "day chuyen"})

    assert listing.status_code == 200 and chooser.status_code == 200
    assert list(listing.context["images"]) == [picture]
    assert "Ảnh dây chuyền đóng gói tự động" in chooser.content.decode()
    assert "Ảnh hội nghị tổng kết" not in chooser.content.decode()


def test_documents_and_snippets_are_found_without_diacritics(engine, client, editor):
    document = wagtail_factories.DocumentFactory(title="Báo cáo tổng kết phong trào 2023")
    # Rows created by migrations reach the admin index with a rebuild (search_sync runs one).
    call_command("rebuild_search_index", "--index", "admin", "--no-progress", stdout=None)
    sector = Sector.objects.get(slug="nang-luong")
    sector.name = "Năng lượng tái tạo"
    sector.save()
    client.force_login(editor)

    assert list(get_document_model().objects.search("bao cao tong ket")) == [document]
    backend = get_search_backend()
    assert list(backend.search("nang luong tai tao", Sector)) == [sector]
    assert [province.code for province in backend.search("sai gon", Province)] == ["79"]
    snippets = client.get("/admin/snippets/showcase/sector/", {"q": "nang luong tai tao"})
    assert "Năng lượng tái tạo" in snippets.content.decode()


def test_search_sync_builds_a_missing_admin_index_and_leaves_the_public_one(
    search_engine, make_initiative
):
    make_initiative(title=TITLE)
    public_before = os.readlink(search_engine.directory / "current")
    shutil.rmtree(search_engine.directory / "admin")
    get_search_service.cache_clear()

    call_command("search_sync", once=True, stdout=None)

    assert os.readlink(search_engine.directory / "current") == public_before
    assert titles(Page.objects.search("tiet kiem dien")) == [TITLE]
    # Rows that data migrations inserted are read from the database too.
    assert [province.code for province in get_search_backend().search("sai gon", Province)] == [
        "79"
    ]


def test_unpublishing_and_deleting_are_reflected(engine, make_initiative):
    page = make_initiative(title=TITLE)
    assert titles(Page.objects.live().search("tiet kiem dien")) == [TITLE]

    page.unpublish()
    assert titles(Page.objects.live().search("tiet kiem dien")) == []
    # The admin still finds the unpublished page.
    assert titles(Page.objects.search("tiet kiem dien")) == [TITLE]

    page.delete()
    assert titles(Page.objects.search("tiet kiem dien")) == []
    assert get_search_service().admin_engine.ranked(SearchRequest(q="tiet kiem dien")) == []


def test_saving_a_page_in_one_transaction_queues_one_change_and_writes_no_wagtail_index(
    settings, make_initiative
):
    settings.SEARCH_SYNC = "off"
    with transaction.atomic():
        page = make_initiative(title=TITLE)  # tree insert, revision, publish: three saves
        page.title = "Máy ép bùn thải"
        page.save_revision().publish()

    assert list(IndexChange.objects.values_list("doc_type", "object_id")) == [
        ("showcase.initiativepage", page.pk)
    ]
    assert not IndexEntry.objects.exists()


def test_a_change_waiting_unclaimed_is_reused_but_a_claimed_one_is_not(settings, make_initiative):
    """A replay may already have read a claimed change's object: a later save needs a new row."""
    settings.SEARCH_SYNC = "off"
    page = make_initiative(title=TITLE)
    assert IndexChange.objects.count() == 1

    record_change(doc_type="showcase.initiativepage", object_ids=[page.pk], action="upsert")
    assert IndexChange.objects.count() == 1

    assert len(_claim(batch_size=10)) == 1
    page.save()
    assert IndexChange.objects.count() == 2
    assert IndexChange.objects.filter(claimed_at__isnull=True).count() == 1


def test_search_results_read_pages_in_a_constant_number_of_queries(
    engine, make_initiative, django_assert_max_num_queries
):
    for n in range(12):
        make_initiative(title=f"Sáng kiến tiết kiệm điện số {n}", tags=["điện", "tiết kiệm"])
    # The query vocabulary (provinces, sectors, synonyms) is read once per process
    # and kept for seconds; counted here are the queries each search makes.
    get_lexicon()

    with django_assert_max_num_queries(3):
        results = Page.objects.live().search("tiet kiem dien")
        assert len(results[:10]) == 10
        assert results.count() == 12
    # The ids a chunk at a time, then per chunk the columns, tags, which are public
    # and the parents' addresses (with the sites Wagtail reads for them).
    with django_assert_max_num_queries(7):
        documents = list(admin_documents(InitiativePage))
    assert len(documents) == 12 and "tiết kiệm" in documents[0].extra


def test_wagtail_search_answers_from_titles_while_the_engine_is_down(
    settings, client, editor, make_initiative
):
    make_initiative(title=TITLE)
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    get_search_service.cache_clear()
    client.force_login(editor)

    pages = client.get("/admin/pages/search/", {"q": "ép bùn"})
    images = client.get("/admin/images/", {"q": "ảnh"})

    assert pages.status_code == 200 and images.status_code == 200
    assert TITLE in pages.content.decode()
    assert titles(Page.objects.search("tiết kiệm điện")) == [TITLE]
    get_search_service.cache_clear()
