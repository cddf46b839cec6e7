"""The JSON API's news articles."""

from datetime import date, datetime

from django import forms
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Path, Query, Router, Schema
from taggit.models import Tag

from portal.api import (
    ERRORS,
    ApiError,
    Paged,
    paged,
    query_form,
    validated,
)
from portal.page_cache import depends_on, page_tag
from search.forms import PagingForm
from search.paging import MAX_PAGE
from search.query import MAX_PAGE_SIZE
from showcase.models import InitiativePage

from .models import NewsArticlePage, NewsCategory, NewsRelatedInitiative

router = Router()

MAX_ID = 2**31 - 1


class CategoryRef(Schema):
    slug: str
    name: str


class InitiativeRef(Schema):
    id: int
    title: str


class Article(Schema):
    id: int
    title: str
    lead: str
    url: str | None
    published_on: date
    author: str
    categories: list[CategoryRef]
    first_published_at: datetime | None
    last_published_at: datetime | None


class ArticleDetail(Article):
    tags: list[str]
    related_initiatives: list[InitiativeRef]


class ArticleList(Paged):
    results: list[Article]


class NewsQueryForm(PagingForm):
    category = forms.ModelChoiceField(
        queryset=NewsCategory.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Không có chuyên mục “%(value)s”."},
    )
    tag = forms.ModelChoiceField(
        queryset=Tag.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": "Không có bài viết nào với từ khóa “%(value)s”."},
    )
    year = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=2100,
        error_messages={
            "invalid": "Năm phải là một số.",
            "min_value": "Năm không hợp lệ.",
            "max_value": "Năm không hợp lệ.",
        },
    )


query_form("articles", NewsQueryForm)


def _articles():
    return NewsArticlePage.objects.live().public().prefetch_related("categories")


def _article(article: NewsArticlePage, request: HttpRequest) -> dict:
    depends_on(page_tag(article.pk))
    return {
        "id": article.pk,
        "title": article.title,
        "lead": article.lead,
        "url": article.get_url(request),
        "published_on": article.published_on,
        "author": article.author,
        "categories": [{"slug": c.slug, "name": c.name} for c in article.categories.all()],
        "first_published_at": article.first_published_at,
        "last_published_at": article.last_published_at,
    }


@router.get(
    "/news/",
    response={200: ArticleList, **ERRORS},
    url_name="articles",
    tags=["Tin tức"],
    summary="Danh sách bài viết",
)
def article_list(
    request,
    category: str | None = Query(None, description="Đường dẫn chuyên mục."),
    tag: str | None = Query(None, description="Đường dẫn từ khóa."),
    year: int | None = Query(None, ge=1, le=2100, description="Năm đăng."),
    page: int | None = Query(None, ge=1, le=MAX_PAGE, description="Số trang."),
    page_size: int | None = Query(
        None, ge=1, le=MAX_PAGE_SIZE, description=f"Số bài mỗi trang, tối đa {MAX_PAGE_SIZE}."
    ),
):
    """Các bài viết đã đăng, công khai, mới nhất trước."""
    filters = validated(NewsQueryForm, request)
    articles = _articles()
    if filters.get("category"):
        articles = articles.filter(categories=filters["category"])
    if filters.get("tag"):
        articles = articles.filter(tags=filters["tag"])
    if filters.get("year"):
        articles = articles.filter(published_on__year=filters["year"])
    articles = articles.order_by("-published_on", "-first_published_at", "-pk")
    return paged(
        articles,
        filters=filters,
        item=lambda article: _article(article, request),
    )


@router.get(
    "/news/{id}/",
    response={200: ArticleDetail, **ERRORS},
    url_name="article",
    tags=["Tin tức"],
    summary="Một bài viết",
)
def article_detail(request, id: int = Path(..., ge=1, le=MAX_ID)):  # noqa: A002
    related = NewsRelatedInitiative.objects.filter(
        initiative__in=InitiativePage.objects.live().public()
    ).select_related("initiative")
    article = (
        _articles()
        .prefetch_related("tags", Prefetch("related_initiatives", queryset=related))
        .filter(pk=id)
        .first()
    )
    if article is None:
        raise ApiError(f"Không có bài viết nào với mã {id}.", 404)
    return {
        **_article(article, request),
        "tags": [tag.name for tag in article.tags.all()],
        "related_initiatives": [
            {"id": link.initiative.pk, "title": link.initiative.title}
            for link in article.related_initiatives.all()
        ],
    }
