"""An index built by an older version of the site is rebuilt, and search stays up meanwhile."""

import os

import pytest
from django.core.management import call_command

from search.engines import elastic
from search.query import SearchRequest
from search.service import get_search_service

pytestmark = pytest.mark.django_db


def titles(q: str) -> list[str]:
    return [hit.title for hit in get_search_service().search(SearchRequest(q=q)).hits]


def test_an_embedded_index_of_an_older_schema_degrades_search_until_sync_rebuilds_it(
    client, search_engine, make_initiative
):
    make_initiative(title="Máy cuốn ống gió tự động")
    current = search_engine.directory / os.readlink(search_engine.directory / "current")
    old = current.rename(search_engine.directory / "v0-1")
    os.remove(search_engine.directory / "current")
    os.symlink(old.name, search_engine.directory / "current")
    assert search_engine.needs_rebuild()

    response = client.get("/tim-kiem/", {"q": "cuốn ống gió"})
    assert response.status_code == 200
    assert "Máy tìm kiếm đang tạm gián đoạn" in response.content.decode()

    call_command("search_sync", once=True, stdout=None)

    assert not search_engine.needs_rebuild()
    assert get_search_service().search(SearchRequest(q="cuốn ống gió")).backend == "embedded"
    assert titles("cuốn ống gió") == ["Máy cuốn ống gió tự động"]


def test_a_missing_embedded_index_is_built_by_sync(settings, tmp_path, make_initiative):
    make_initiative(title="Bàn nâng khuôn thủy lực")
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_INDEX_DIR = tmp_path / "new-index"
    get_search_service.cache_clear()
    assert get_search_service().engine.needs_rebuild()

    call_command("search_sync", once=True, stdout=None)

    assert titles("nâng khuôn") == ["Bàn nâng khuôn thủy lực"]
    get_search_service.cache_clear()


def test_an_elasticsearch_alias_on_an_older_mapping_is_rebuilt_by_sync(
    settings, osmem_server, make_initiative
):
    with osmem_server.clone() as clone:
        settings.SEARCH_BACKEND = "elasticsearch"
        settings.ELASTICSEARCH_URL = clone.url
        get_search_service.cache_clear()
        engine = get_search_service().engine
        assert engine.needs_rebuild()
        engine.client.indices.create(index=f"{engine.alias}-v0-1", mappings=elastic.MAPPINGS)
        engine.client.indices.put_alias(index=f"{engine.alias}-v0-1", name=engine.alias)
        assert engine.needs_rebuild()
        make_initiative(title="Xe đẩy hàng gấp gọn")

        call_command("search_sync", once=True, stdout=None)

        assert not engine.needs_rebuild()
        assert titles("xe đẩy hàng") == ["Xe đẩy hàng gấp gọn"]
        assert not engine.client.indices.exists(index=f"{engine.alias}-v0-1")
        get_search_service.cache_clear()
