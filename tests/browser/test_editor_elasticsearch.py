"""The editor's journey again, with the site on the Elasticsearch-compatible engine."""

import pytest

from .editor_journey import run_editor_journey


@pytest.fixture(scope="module")
def site(elasticsearch_site):
    return elasticsearch_site


# The embedded engine's module runs the journey at the desktop size; this one at the
# phone size, so that the admin is driven at both sizes and the site on both engines.
@pytest.fixture(params=["phone"])
def viewport(request) -> str:
    return request.param


def test_editor_publishes_and_withdraws_an_article_and_an_initiative_on_elasticsearch(
    page, tmp_path
):
    run_editor_journey(page, tmp_path)
