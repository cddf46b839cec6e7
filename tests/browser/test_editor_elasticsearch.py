"""The editor's journey again, with the site on the Elasticsearch-compatible engine."""

import pytest

from .editor_journey import run_editor_journey


@pytest.fixture(scope="module")
def site(elasticsearch_site):
    return elasticsearch_site


# The admin's layout at both sizes is covered by the embedded engine's run; what this
# module adds is the engine under the site, which does not depend on the screen size.
# One size keeps the slowest journey from running a fourth time.
@pytest.fixture(params=["phone"])
def viewport(request) -> str:
    return request.param


def test_editor_publishes_and_withdraws_an_article_and_an_initiative_on_elasticsearch(
    page, tmp_path
):
    run_editor_journey(page, tmp_path)
