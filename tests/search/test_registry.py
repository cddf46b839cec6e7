"""Search is a layer below the content apps: they register with it, it never imports them."""

import ast
from pathlib import Path

import pytest

from search import registry

SEARCH_DIR = Path(__file__).resolve().parents[2] / "search"
CONTENT_PACKAGES = {"showcase", "news", "portal"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module)
    return modules


def test_the_search_package_imports_no_content_app():
    offending = {
        f"{path.relative_to(SEARCH_DIR)}: {module}"
        for path in SEARCH_DIR.rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in CONTENT_PACKAGES
    }
    assert not offending


def test_initiatives_and_news_are_registered_in_that_order():
    assert registry.type_names() == ("initiative", "news")
    assert registry.type_for_model(registry.document_type("news").model).name == "news"


@pytest.mark.django_db
def test_the_province_vocabulary_lists_every_name_a_province_goes_by():
    by_code = {entry.value: entry for entry in registry.vocabulary("province")}
    saigon = by_code["79"]
    assert saigon.label == "TP Hồ Chí Minh"
    assert {"Thành phố Hồ Chí Minh", "TPHCM", "Sài Gòn"} <= set(saigon.names)
    assert len(by_code) >= 63


@pytest.mark.django_db
def test_sector_and_phase_vocabularies_label_the_facets():
    assert registry.facet_labels("sector")["y-te"] == "Y tế"
    assert registry.facet_labels("phase") == {
        "1": "Giai đoạn 1 (9/2021 – 5/2022)",
        "2": "Giai đoạn 2 (6/2022 – 9/2023)",
    }
    assert registry.vocabulary("no-such-facet") == []


@pytest.mark.django_db
def test_a_new_province_is_a_valid_filter_at_once(client):
    from showcase.models import Province

    assert "TW99" not in registry.facet_values("province")
    Province.objects.create(code="TW99", name="Công đoàn Thử nghiệm", slug="cd-thu-nghiem")
    assert client.get("/api/v1/search/", {"province": "TW99"}).status_code == 200
