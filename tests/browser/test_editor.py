"""An editor publishes and withdraws content; the site on its embedded search engine."""

from .editor_journey import run_editor_journey


def test_editor_publishes_and_withdraws_an_article_and_an_initiative(page, tmp_path):
    run_editor_journey(page, tmp_path)
