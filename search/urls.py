from django.urls import path

from . import views

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("api/v1/search/", views.api_search, name="api-search"),
    path("api/v1/suggest/", views.api_suggest, name="api-suggest"),
]
