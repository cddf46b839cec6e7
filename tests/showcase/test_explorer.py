"""The admin explorer of the showcase, which holds every initiative as a child."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission

from portal.explorer import LargeParentExplorerView

pytestmark = pytest.mark.django_db


def _explore(client, showcase_index, **params):
    return client.get(f"/admin/pages/{showcase_index.pk}/", params)


def _listed_titles(html: str) -> list[str]:
    return re.findall(r'<span id="page_\d+_title">\s*(.+?)\s*</span>', html)


def _section_editor(django_user_model, *pages, username="bientapmuc"):
    group = Group.objects.create(name=f"Biên tập {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for page in pages:
        for codename in ("add_page", "change_page", "publish_page"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    user = django_user_model.objects.create_user(username=username, password="mat-khau-dai-1")
    user.groups.add(group)
    return user


@pytest.fixture
def pumps(make_initiative):
    return [make_initiative(title=f"Máy bơm số {n}") for n in (3, 1, 2)]


def test_the_explorer_lists_every_initiative_with_their_count(
    client, editor, showcase_index, pumps
):
    client.force_login(editor)
    response = _explore(client, showcase_index)
    html = response.content.decode()
    assert response.status_code == 200
    assert sorted(_listed_titles(html)) == ["Máy bơm số 1", "Máy bơm số 2", "Máy bơm số 3"]
    assert "1-3 trên 3 sáng kiến" in html


def test_listing_the_children_reads_neither_a_count_nor_a_permission_join(
    client, editor, showcase_index, pumps
):
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        assert _explore(client, showcase_index).status_code == 200
    page_reads = [q["sql"] for q in queries if "wagtailcore_page" in q["sql"]]
    assert not [sql for sql in page_reads if "COUNT(" in sql.upper()]
    assert not [sql for sql in page_reads if "IN (SELECT" in sql.upper()]


def test_sorting_by_title_orders_the_initiatives(client, editor, showcase_index, pumps):
    client.force_login(editor)
    html = _explore(client, showcase_index, ordering="title").content.decode()
    assert _listed_titles(html) == ["Máy bơm số 1", "Máy bơm số 2", "Máy bơm số 3"]
    html = _explore(client, showcase_index, ordering="-title").content.decode()
    assert _listed_titles(html) == ["Máy bơm số 3", "Máy bơm số 2", "Máy bơm số 1"]


def test_searching_the_explorer_finds_an_initiative_typed_without_diacritics(
    client, editor, showcase_index, pumps, make_initiative
):
    make_initiative(title="Máy ép bùn tiết kiệm điện")
    client.force_login(editor)
    html = _explore(client, showcase_index, q="may ep bun").content.decode()
    assert _listed_titles(html) == ["Máy ép bùn tiết kiệm điện"]


def test_an_editor_of_the_section_sees_every_initiative(
    client, django_user_model, showcase_index, pumps
):
    client.force_login(_section_editor(django_user_model, showcase_index))
    html = _explore(client, showcase_index).content.decode()
    assert len(_listed_titles(html)) == 3


def test_an_editor_of_two_initiatives_sees_only_those_under_the_showcase(
    client, django_user_model, showcase_index, pumps
):
    client.force_login(_section_editor(django_user_model, pumps[0], pumps[1]))
    html = _explore(client, showcase_index, ordering="title").content.decode()
    assert _listed_titles(html) == ["Máy bơm số 1", "Máy bơm số 3"]
    assert "1-2 trên 2 sáng kiến" in html


def test_filtering_by_owner_lists_only_their_initiatives(
    client, editor, django_user_model, showcase_index, pumps
):
    author = django_user_model.objects.create_user(username="tacgia", password="mat-khau-dai-1")
    pumps[1].owner = author
    pumps[1].save(update_fields=["owner"])
    client.force_login(editor)
    html = _explore(client, showcase_index).content.decode()
    assert 'name="owner"' in html and f'value="{author.pk}"' in html
    html = _explore(client, showcase_index, owner=author.pk).content.decode()
    assert _listed_titles(html) == ["Máy bơm số 1"]


def test_paging_stops_at_the_page_limit(client, editor, showcase_index, pumps, monkeypatch):
    monkeypatch.setattr(LargeParentExplorerView, "paginate_by", 1)
    monkeypatch.setattr("search.paging.MAX_PAGE", 2)
    client.force_login(editor)
    response = _explore(client, showcase_index, p=3, ordering="title")
    assert response.status_code == 200
    assert _listed_titles(response.content.decode()) == ["Máy bơm số 2"]
