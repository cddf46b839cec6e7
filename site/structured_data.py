"""JSON-LD (schema.org) for search engines: the Organization on the home page,
NewsArticle on articles, CreativeWork on initiatives, and a BreadcrumbList on both.

Built as dicts here; `{% structured_data %}` (portal.home.templatetags.publishing_tags)
writes them with `to_script_json`, which escapes `<`, `>` and `&` so that no text from
the data can close the script element. A JSON-LD block is data, not a script: browsers
never run it, so the site's `script-src 'self'` policy has nothing to allow.
"""

import json
from datetime import datetime, time

from django.db.models import prefetch_related_objects
from django.templatetags.static import static

from news.feeds import article_published
from portal.feeds import LOCAL_TZ, local
from portal.home.selectors import page_ancestors
from portal.share_images import HEIGHT, WIDTH, article_card, initiative_card

CONTEXT = "https://schema.org"
ORGANIZATION_NAME = "Tổng Liên đoàn Lao động Việt Nam"
SITE_NAME = "Một triệu sáng kiến"
LOGO = "img/og-default.png"
LOGO_SIZE = (1200, 630)

# The escapes of django.utils.html.json_script: text cannot end the element early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def to_script_json(data) -> str:
    """`data` as JSON safe to place between <script> tags."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def organization(request) -> dict:
    width, height = LOGO_SIZE
    return {
        "@type": "Organization",
        "@id": _absolute(request, "/#organization"),
        "name": ORGANIZATION_NAME,
        "alternateName": SITE_NAME,
        "url": _absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": _absolute(request, static(LOGO)),
            "width": width,
            "height": height,
        },
    }


def home_page_data(request) -> list[dict]:
    return [{"@context": CONTEXT, **organization(request)}]


def breadcrumb_list(request, page) -> dict:
    trail = [*page_ancestors(request=request, page=page), page]
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": "Trang chủ" if position == 1 else crumb.title,
                "item": _absolute(request, crumb.get_url(request)),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def _share_image(request, card) -> dict:
    return {
        "@type": "ImageObject",
        "url": _absolute(request, card.url),
        "width": WIDTH,
        "height": HEIGHT,
    }


def _iso(moment: datetime | None) -> str | None:
    return local(moment).isoformat() if moment else None


def article_data(request, article) -> list[dict]:
    # Read here, in the page's head, once for the page: its own lists then reuse them.
    prefetch_related_objects([article], "categories", "tags")
    url = _absolute(request, article.get_url(request))
    data = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.lead,
        "datePublished": article_published(article).isoformat(),
        "dateModified": _iso(article.last_published_at) or article_published(article).isoformat(),
        "author": (
            {"@type": "Person", "name": article.author}
            if article.author
            else {"@type": "Organization", "name": ORGANIZATION_NAME}
        ),
        "publisher": organization(request),
        "image": [_share_image(request, article_card(article))],
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "inLanguage": "vi",
        "articleSection": [category.name for category in article.categories.all()],
        "keywords": [tag.name for tag in article.tags.all()],
    }
    return [data, breadcrumb_list(request, article)]


def initiative_data(request, initiative, *, tags=()) -> list[dict]:
    url = _absolute(request, initiative.get_url(request))
    authors = [{"@type": "Person", "name": name} for name in initiative.author_list]
    if initiative.unit:
        authors.append({"@type": "Organization", "name": initiative.unit})
    data = {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "name": initiative.title,
        "headline": initiative.title[:110],
        "description": initiative.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": "vi",
        "image": [_share_image(request, initiative_card(initiative))],
        "author": authors or {"@type": "Organization", "name": ORGANIZATION_NAME},
        "publisher": organization(request),
        "datePublished": _iso(initiative.first_published_at),
        "dateModified": _iso(initiative.last_published_at),
        "keywords": [tag.name for tag in tags],
    }
    if initiative.recognised_on:
        data["dateCreated"] = datetime.combine(
            initiative.recognised_on, time(0), tzinfo=LOCAL_TZ
        ).isoformat()
    elif initiative.year:
        data["dateCreated"] = str(initiative.year)
    if initiative.sector_id:
        data["about"] = {"@type": "Thing", "name": initiative.sector.name}
        data["genre"] = initiative.sector.name
    if initiative.province_id:
        data["spatialCoverage"] = {
            "@type": "AdministrativeArea",
            "name": initiative.province.full_name or initiative.province.name,
        }
    if initiative.benefit_vnd:
        data["additionalProperty"] = {
            "@type": "PropertyValue",
            "name": "Giá trị làm lợi mỗi năm",
            "value": initiative.benefit_vnd,
            "unitCode": "VND",
            "unitText": "đồng",
            "description": f"Làm lợi {initiative.benefit_display}",
        }
    return [
        {k: v for k, v in data.items() if v not in (None, [])},
        breadcrumb_list(request, initiative),
    ]
