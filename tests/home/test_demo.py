import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from news.models import NewsArticlePage
from portal.images.models import CampaignImage
from showcase.models import InitiativePage

pytestmark = pytest.mark.django_db


def test_demo_content_loads_once_and_fills_every_page(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_demo", "--if-empty")

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
