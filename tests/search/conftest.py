"""The contract corpus indexed by each engine, shared by the search behaviour tests."""

import pytest

from search.service import SearchService, build_engine

from .corpus import documents

ENGINES = ["embedded", "elasticsearch"]


@pytest.fixture(scope="module", params=ENGINES)
def engine_settings(request, tmp_path_factory, osmem_server):
    """Settings that point the search service at a freshly built index of the corpus."""
    from django.test import override_settings

    if request.param == "elasticsearch":
        with osmem_server.clone() as clone:
            overrides = {"SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": clone.url}
            with override_settings(**overrides):
                build_engine("elasticsearch").rebuild(documents())
            yield overrides
        return
    overrides = {"SEARCH_BACKEND": "embedded", "SEARCH_INDEX_DIR": tmp_path_factory.mktemp("ix")}
    with override_settings(**overrides):
        build_engine("embedded").rebuild(documents())
    yield overrides


@pytest.fixture
def service(engine_settings, db, settings) -> SearchService:
    from search.service import get_search_service

    for name, value in engine_settings.items():
        setattr(settings, name, value)
    get_search_service.cache_clear()
    yield get_search_service()
    get_search_service.cache_clear()
