from itertools import islice

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.models import NewsArticlePage
from portal.demo import services as demo_services
from portal.demo.indexing import wagtail_indexes_deferred
from portal.images.models import CampaignImage
from showcase.models import InitiativePage

pytestmark = pytest.mark.django_db


def test_demo_content_loads_once_and_fills_every_page(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    # As `make run` does: the index is brought up to date once the load has committed.
    settings.SEARCH_SYNC = "off"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--if-empty")
    call_command("search_sync", "--once")

    initiatives = InitiativePage.objects.live()
    assert 280 <= initiatives.count() <= 320
    assert NewsArticlePage.objects.live().count() == 40
    assert initiatives.values("sector").distinct().count() >= 15
    assert initiatives.values("province").distinct().count() >= 40
    assert set(initiatives.values_list("phase", flat=True)) == {1, 2}
    benefits = [b for b in initiatives.values_list("benefit_vnd", flat=True) if b is not None]
    assert min(benefits) < 100_000_000 and max(benefits) >= 500_000_000_000
    assert initiatives.filter(benefit_vnd__isnull=True).exists()
    assert all(page.gallery_images.exists() for page in initiatives[:20])
    assert get_user_model().objects.filter(username="bientap", is_staff=True).exists()
    assert "bientap / " in (tmp_path / "demo-logins.txt").read_text(encoding="utf-8")

    counts = (InitiativePage.objects.count(), NewsArticlePage.objects.count())
    images = CampaignImage.objects.count()
    call_command("load_demo")
    assert (InitiativePage.objects.count(), NewsArticlePage.objects.count()) == counts
    assert CampaignImage.objects.count() == images
    assert get_user_model().objects.count() == 2

    home = client.get("/")
    assert "697.000" in home.content.decode()
    assert len(home.context["featured_initiatives"]) == 6
    article = NewsArticlePage.objects.live().first()
    assert client.get(article.url).status_code == 200
    assert client.get(initiatives.first().url).status_code == 200
    assert client.get("/sang-kien/", {"sort": "benefit", "page": 2}).status_code == 200
    found = client.get("/api/v1/search/", {"q": "tiet kiem dien"}).json()
    assert found["backend"] == "embedded" and found["count"] >= 20


def test_an_interrupted_demo_load_leaves_nothing_behind(
    settings, tmp_path, monkeypatch, jpeg_bytes
):
    settings.VAR_DIR = tmp_path
    rows = demo_services._demo_initiative_rows
    monkeypatch.setattr(demo_services, "draw_cover", lambda theme, variant: jpeg_bytes())
    monkeypatch.setattr(demo_services, "_demo_initiative_rows", lambda: islice(rows(), 3))

    def news_fails(**kwargs):
        raise OSError("the news file cannot be read")

    monkeypatch.setattr(demo_services, "demo_news", news_fails)

    with pytest.raises(OSError):
        call_command("load_demo")

    assert not InitiativePage.objects.exists()
    assert not CampaignImage.objects.exists()
    assert not get_user_model().objects.exists()
    assert not (tmp_path / "demo-logins.txt").exists()


def test_pages_saved_while_wagtail_indexes_wait_are_indexed_on_the_way_out_even_after_an_error(
    client, editor, make_article
):
    client.force_login(editor)
    picture = wagtail_factories.ImageFactory(title="Ảnh hội thi thợ giỏi")

    def admin_finds(page) -> bool:
        # The results page repeats the query, so a hit is the link to the page's editor.
        response = client.get("/admin/pages/search/", {"q": page.title})
        return f"/admin/pages/{page.pk}/edit/" in response.content.decode()

    with pytest.raises(RuntimeError), wagtail_indexes_deferred():
        article = make_article(title="Hội thi thợ giỏi ngành dệt may", featured_image=picture)
        assert not admin_finds(article)
        raise RuntimeError("the load stops half-way")

    assert admin_finds(article)
    usage = client.get(f"/admin/images/usage/{picture.pk}/").content.decode()
    assert f"/admin/pages/{article.pk}/edit/" in usage

    # Outside the block every save is indexed at once again.
    assert admin_finds(make_article(title="Tuyên dương sáng kiến tiết kiệm điện"))


def test_demo_reports_cover_every_national_unit_and_keep_the_published_figures():
    from datetime import date

    from django.db.models import Sum

    from showcase.models import CampaignUnit, UnitReport

    created = demo_services.demo_reports(log=lambda message: None)
    assert created > 83 * 6
    assert demo_services.demo_reports(log=lambda message: None) == 0  # a rerun adds nothing

    thanh_hoa = UnitReport.objects.get(unit__code="38", phase=1, as_of=date(2022, 3, 26))
    assert (thanh_hoa.registered, thanh_hoa.is_demo) == (11_666, False)
    lang_son = UnitReport.objects.get(unit__code="20", phase=1, as_of=date(2022, 5, 31))
    assert lang_son.percent_of_target == pytest.approx(150.05)
    national = CampaignUnit.objects.filter(parent=None)
    for phase in (1, 2):
        assert national.filter(reports__phase=phase).distinct().count() == 83
    overall = UnitReport.objects.filter(
        unit__parent=None, phase=0, as_of=date(2023, 9, 30)
    ).aggregate(n=Sum("registered"))
    # The whole campaign is reported on every date, so its totals draw a line over time.
    assert UnitReport.objects.filter(unit__code="20", phase=0).count() == 6
    assert 600_000 <= overall["n"] <= 750_000
    assert CampaignUnit.objects.filter(parent__code="20").count() == 4
    # Counts only grow from one date to the next.
    for unit_id, phase in {(r.unit_id, r.phase) for r in UnitReport.objects.filter(phase=1)}:
        series = list(
            UnitReport.objects.filter(unit_id=unit_id, phase=phase)
            .order_by("as_of")
            .values_list("registered", flat=True)
        )
        assert series == sorted(series)
