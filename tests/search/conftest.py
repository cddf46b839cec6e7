"""Corpora indexed by each engine, shared by the search behaviour and relevance tests."""

from contextlib import contextmanager

import pytest

from search.service import SearchService, build_engine, get_search_service

from .corpus import documents
from .judged import demo_documents

ENGINES = ["embedded", "elasticsearch"]


@contextmanager
def indexed(engine: str, corpus, *, tmp_path_factory, osmem_server):
    """Settings that point the search service at a freshly built index of `corpus`."""
    from django.test import override_settings

    if engine == "elasticsearch":
        with osmem_server.clone() as clone:
            overrides = {"SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": clone.url}
            with override_settings(**overrides):
                build_engine("elasticsearch").rebuild(corpus)
            yield overrides
        return
    overrides = {"SEARCH_BACKEND": "embedded", "SEARCH_INDEX_DIR": tmp_path_factory.mktemp("ix")}
    with override_settings(**overrides):
        build_engine("embedded").rebuild(corpus)
    yield overrides


@pytest.fixture(scope="module", params=ENGINES)
def engine_settings(request, tmp_path_factory, osmem_server):
    """The hand-judged contract corpus (tests/search/corpus.py)."""
    with indexed(
        request.param, documents(), tmp_path_factory=tmp_path_factory, osmem_server=osmem_server
    ) as overrides:
        yield overrides


@pytest.fixture(scope="module", params=ENGINES)
def demo_engine_settings(request, tmp_path_factory, osmem_server, django_db_blocker):
    """The demo initiatives, read with the importer's rules from the reference data."""
    with django_db_blocker.unblock():
        corpus = demo_documents()
    with indexed(
        request.param, corpus, tmp_path_factory=tmp_path_factory, osmem_server=osmem_server
    ) as overrides:
        yield overrides


@contextmanager
def _service_for(engine_settings, settings):
    for name, value in engine_settings.items():
        setattr(settings, name, value)
    get_search_service.cache_clear()
    yield get_search_service()
    get_search_service.cache_clear()


@pytest.fixture
def service(engine_settings, db, settings) -> SearchService:
    with _service_for(engine_settings, settings) as service:
        yield service


@pytest.fixture
def demo_service(demo_engine_settings, db, settings) -> SearchService:
    with _service_for(demo_engine_settings, settings) as service:
        yield service
