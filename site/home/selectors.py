"""What the home page shows."""

from django.db.models import Count, Sum

from news.selectors import news_latest
from showcase.models import InitiativePage
from showcase.race import campaign_totals
from showcase.selectors import initiative_cards, initiative_top_benefit

from .models import HomePage

FEATURED_COUNT = 6
LATEST_NEWS_COUNT = 4


def home_counters(*, home: HomePage) -> dict:
    """Each figure: the editors' own if they typed one (marked as theirs), else the
    units' latest reports (with their date), else what the library holds."""
    live = InitiativePage.objects.live().public()
    counted = live.aggregate(
        initiatives=Count("pk"),
        units=Count("province", distinct=True),
        benefit=Sum("benefit_vnd"),
    )
    reported = campaign_totals()
    fallback = {
        "initiatives": counted["initiatives"],
        "units": counted["units"],
        "benefit_vnd": counted["benefit"] or 0,
    }
    typed = {
        "initiatives": home.campaign_initiatives,
        "units": home.campaign_units,
        "benefit_vnd": home.campaign_benefit_vnd,
    }
    counters = {"library_count": counted["initiatives"], "overridden": [], "as_of": None}
    for name, value in typed.items():
        if value is not None:
            counters[name] = value
            counters["overridden"].append(name)
        elif reported and reported[name]:
            counters[name] = reported[name]
            counters["as_of"] = reported["as_of"]
        else:
            counters[name] = fallback[name]
    return counters


def home_featured(*, home: HomePage, limit: int = FEATURED_COUNT) -> list[InitiativePage]:
    picked_ids = [link.initiative_id for link in home.featured_initiatives.all()]
    by_id = {page.pk: page for page in initiative_cards().filter(pk__in=picked_ids)}
    featured = [by_id[pk] for pk in picked_ids if pk in by_id][:limit]
    if len(featured) < limit:
        featured += initiative_top_benefit(
            limit=limit - len(featured), exclude_ids=[page.pk for page in featured]
        )
    return featured


def home_content(*, home: HomePage) -> dict:
    return {
        "counters": home_counters(home=home),
        "featured_initiatives": home_featured(home=home),
        "latest_news": news_latest(limit=LATEST_NEWS_COUNT),
    }
