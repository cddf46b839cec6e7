import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from portal.middleware import page_lock_for_edit
from showcase.models import InitiativePage, Province, Sector

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_admin_login_is_in_vietnamese(client):
    html = client.get("/admin/login/").content.decode()
    assert "Đăng nhập" in html
    assert "Sign in" not in html


def test_admin_dashboard_and_page_editor_are_in_vietnamese(client, editor, make_initiative):
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "Bảng điều khiển" in dashboard
    editor_html = client.get(f"/admin/pages/{make_initiative().pk}/edit/").content.decode()
    for label in ("Xuất bản", "Lưu bản nháp", "Tác giả và đơn vị", "Giá trị làm lợi (đồng)"):
        assert label.lower() in editor_html.lower()
    assert "Save draft" not in editor_html


def test_editors_see_initiative_listing_with_filters(client, editor, make_initiative):
    make_initiative(title="Máy cắt ống tự động")
    client.force_login(editor)
    response = client.get("/admin/initiatives/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Máy cắt ống tự động" in html
    assert "450 triệu đồng" in html
    assert "Giá trị làm lợi" in html
    assert "Benefit" not in html
    filtered = client.get("/admin/initiatives/", {"sector": "999999"})
    assert filtered.status_code == 200


def test_page_editor_opens_for_every_page_type(
    client, editor, home, news_index, showcase_index, make_initiative, make_article
):
    client.force_login(editor)
    for page in (home, news_index, showcase_index, make_initiative(), make_article()):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    for url in (
        f"/admin/pages/add/showcase/initiativepage/{showcase_index.pk}/",
        f"/admin/pages/add/news/newsarticlepage/{news_index.pk}/",
        "/admin/snippets/showcase/province/add/",
        "/admin/images/",
    ):
        assert client.get(url).status_code == 200, url


def test_editor_form_transliterates_a_unicode_slug(client, editor, showcase_index):
    from portal.slugs import AsciiSlugPageForm

    form_class = InitiativePage.get_edit_handler().get_form_class()
    assert issubclass(form_class, AsciiSlugPageForm)
    form = form_class(instance=InitiativePage(), parent_page=showcase_index, for_user=editor)
    form.cleaned_data = {"slug": "tiết-kiệm-điện"}
    assert form.clean_slug() == "tiet-kiem-dien"


def test_reference_snippets_are_searchable_in_admin(client, editor):
    client.force_login(editor)
    response = client.get("/admin/snippets/showcase/province/", {"q": "Cần Thơ"})
    assert response.status_code == 200
    assert "Cần Thơ" in response.content.decode()


def test_admin_snippet_search_ignores_diacritics_and_finds_aliases(client, editor):
    client.force_login(editor)
    listing = client.get("/admin/snippets/showcase/province/", {"q": "ba ria vung tau"})
    assert "Bà Rịa – Vũng Tàu" in listing.content.decode()
    assert "Cần Thơ" not in listing.content.decode()
    by_alias = client.get("/admin/snippets/showcase/province/", {"q": "sài gòn"})
    assert "Hồ Chí Minh" in by_alias.content.decode()


def test_snippet_chooser_finds_reference_data_created_by_migrations(client, editor):
    """The page editor's province and sector choosers, searched as an editor types."""
    client.force_login(editor)
    provinces = client.get(
        reverse("wagtailsnippetchoosers_showcase_province:choose_results"), {"q": "binh phuoc"}
    )
    assert provinces.status_code == 200
    assert "Bình Phước" in provinces.content.decode()
    assert "Bình Định" not in provinces.content.decode()
    sectors = client.get(
        reverse("wagtailsnippetchoosers_showcase_sector:choose"), {"q": "Công nghiệp"}
    )
    assert sectors.status_code == 200
    assert "Công nghiệp – chế biến, chế tạo" in sectors.json()["html"]


def production_environment(**overrides) -> dict:
    """The process environment without the development defaults that dev.py sets,
    nor what tests/conftest.py sets for the test process alone."""
    left_out = DEV_DEFAULTS | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in left_out}
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    env.update(overrides)
    return env


DEV_DEFAULTS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_COOKIES",
}


def test_production_settings_pass_the_deploy_check():
    env = {
        **production_environment(),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 20 + "production-like-secret-" + "x9" * 20,
        "ALLOWED_HOSTS": "sangkien.example.vn",
        "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = production_environment()
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def initiative_form(**fields) -> dict:
    """The admin's initiative form, as the editor's browser posts it, with sensible defaults."""
    values = {
        "title": "Sáng kiến mới",
        "slug": "",
        "summary": "Tóm tắt",
        "province": Province.objects.get(code="01").pk,
        "sector": Sector.objects.get(slug="cong-nghiep").pk,
        "body": streamfield([]),
        "phase": "1",
        "status": "recognised",
        "gallery_images": inline_formset([]),
        "documents": inline_formset([]),
        **fields,
    }
    return nested_form_data(values)


def post_new_initiative(client, showcase_index, **fields):
    """Submit the admin's "add initiative" form with sensible defaults, publishing it."""
    return client.post(
        f"/admin/pages/add/showcase/initiativepage/{showcase_index.pk}/",
        initiative_form(**{"action-publish": "publish", **fields}),
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_autosave_still_in_flight_when_the_editor_publishes_leaves_the_page_published(
    client, editor, showcase_index, settings
):
    """The autosave read the page before the publish committed; it must not write it back."""
    if connection.vendor == "sqlite":
        # SQLite runs one write transaction at a time, so the autosave cannot read before
        # the publish commits. That rests on this setting; the threads below cannot run on
        # the in-memory test database, whose shared cache fails a second writer at once.
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        return
    client.force_login(editor)
    client.post(
        f"/admin/pages/add/showcase/initiativepage/{showcase_index.pk}/",
        initiative_form(title="Bản nháp tự lưu"),
    )
    draft = InitiativePage.objects.get(title="Bản nháp tự lưu")
    autosaved = draft.latest_revision
    assert not draft.live

    publishing = threading.Event()
    autosave_sent = threading.Event()
    autosave_answer = {}

    def publish_request():
        # What the publish request holds while Wagtail publishes, until it commits.
        with transaction.atomic():
            page_lock_for_edit(page_id=draft.pk)
            page = InitiativePage.objects.get(pk=draft.pk)
            page.save_revision(user=editor).publish(user=editor)
            publishing.set()
            autosave_sent.wait(timeout=5)
            time.sleep(0.5)  # the autosave is now running beside this transaction
        connection.close()

    def autosave_request():
        response = client.post(
            f"/admin/pages/{draft.pk}/edit/",
            initiative_form(title="Bản nháp tự lưu", overwrite_revision_id=str(autosaved.pk)),
            headers={"accept": "application/json"},
        )
        autosave_answer["status"] = response.status_code
        connection.close()

    publisher = threading.Thread(target=publish_request)
    publisher.start()
    assert publishing.wait(timeout=5)
    autosave = threading.Thread(target=autosave_request)
    autosave.start()
    autosave_sent.set()
    publisher.join(timeout=20)
    autosave.join(timeout=20)

    draft.refresh_from_db()
    assert draft.live, "the late autosave unpublished the page"
    assert draft.live_revision_id is not None
    assert autosave_answer["status"] == 400  # Wagtail's "would overwrite a newer version"


def test_an_editor_publishes_an_initiative_from_the_admin(client, editor, showcase_index):
    client.force_login(editor)
    response = post_new_initiative(
        client,
        showcase_index,
        title="Đổi mới quy trình hàn ống",
        # What the editor's slug field shows while the title is typed.
        slug="đổi-mới-quy-trình-hàn-ống",
        summary="Rút ngắn thời gian hàn ống áp lực.",
        body=streamfield([("solution", rich_text("<p>Dùng đồ gá xoay.</p>"))]),
        authors="Lê Văn Tám",
        unit="Xí nghiệp Cơ khí Hồng Hà",
        province=Province.objects.get(code="31").pk,
        tags="hàn, đồ gá",
        recognised_on="2023-04-12",
        phase="",
        benefit_vnd="1200000000",
    )
    assert response.status_code == 302, response.context["form"].errors
    page = InitiativePage.objects.get(title="Đổi mới quy trình hàn ống")
    assert page.live
    assert page.slug == "doi-moi-quy-trinh-han-ong"
    assert (page.phase, page.year) == (2, 2023)
    assert "1,2 tỷ đồng" in client.get(page.url).content.decode()


def test_an_empty_slug_is_generated_from_the_title(client, editor, showcase_index):
    client.force_login(editor)
    response = post_new_initiative(client, showcase_index, title="Tiết kiệm nước rửa xe")
    assert response.status_code == 302, response.context["form"].errors
    assert InitiativePage.objects.get(title="Tiết kiệm nước rửa xe").slug == "tiet-kiem-nuoc-rua-xe"


def test_the_admin_refuses_a_negative_benefit_with_a_form_error(client, editor, showcase_index):
    client.force_login(editor)
    response = post_new_initiative(client, showcase_index, title="Sáng kiến lỗi", benefit_vnd="-5")
    assert response.status_code == 200
    assert "benefit_vnd" in response.context["form"].errors
    assert not InitiativePage.objects.filter(title="Sáng kiến lỗi").exists()
