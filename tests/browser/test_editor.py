"""An editor publishes and withdraws content; the site on its embedded search engine."""

import pytest

from .editor_journey import run_editor_journey


# The journey is the slowest of all, so each engine runs it at one size: here the
# desktop, and the phone in the Elasticsearch module. Together they drive the admin at
# both sizes and the site on both engines.
@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_editor_publishes_and_withdraws_an_article_and_an_initiative(page, tmp_path):
    run_editor_journey(page, tmp_path)
