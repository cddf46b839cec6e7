"""Feeds (RSS 2.0 and Atom) and share images: addresses outside the page tree."""

from django.urls import path, re_path

from news.feeds import NewsAtomFeed, NewsFeed
from portal.share_images import ARTICLE, INITIATIVE, share_image
from showcase.feeds import InitiativeAtomFeed, InitiativeFeed

FEEDS_PREFIX = "nguon-tin/"


def _feed_paths(address: str, rss, atom, name: str) -> list:
    return [
        path(f"{FEEDS_PREFIX}{address}rss.xml", rss, name=f"feed-{name}-rss"),
        path(f"{FEEDS_PREFIX}{address}atom.xml", atom, name=f"feed-{name}-atom"),
    ]


urlpatterns = [
    *_feed_paths("tin-tuc/", NewsFeed(), NewsAtomFeed(), "news"),
    *_feed_paths(
        "tin-tuc/chuyen-muc/<slug:slug>/",
        NewsFeed("category"),
        NewsAtomFeed("category"),
        "news-category",
    ),
    # Tags keep their Vietnamese letters in their slugs ("khí-nén"), as taggit makes them.
    *_feed_paths("tin-tuc/tu-khoa/<str:slug>/", NewsFeed("tag"), NewsAtomFeed("tag"), "news-tag"),
    *_feed_paths(
        "tin-tuc/tinh/<slug:slug>/",
        NewsFeed("province"),
        NewsAtomFeed("province"),
        "news-province",
    ),
    *_feed_paths("sang-kien/", InitiativeFeed(), InitiativeAtomFeed(), "initiatives"),
    *_feed_paths(
        "sang-kien/tinh/<slug:slug>/",
        InitiativeFeed("province"),
        InitiativeAtomFeed("province"),
        "initiatives-province",
    ),
    *_feed_paths(
        "sang-kien/linh-vuc/<slug:slug>/",
        InitiativeFeed("sector"),
        InitiativeAtomFeed("sector"),
        "initiatives-sector",
    ),
    re_path(
        rf"^anh-chia-se/(?P<kind>{ARTICLE}|{INITIATIVE})/(?P<page_id>[0-9]+)-(?P<digest>[0-9a-f]{{12}})\.png$",
        share_image,
        name="share-image",
    ),
]
