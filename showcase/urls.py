from django.urls import path

from . import export_views, race_views, stats_views

urlpatterns = [
    path("bang-xep-hang/", race_views.leaderboard, name="leaderboard"),
    path("bang-xep-hang/don-vi/<str:code>/", race_views.unit_page, name="campaign_unit"),
    path("thong-ke/", stats_views.statistics, name="statistics"),
    path("thong-ke/<slug:chart>.csv", stats_views.statistics_csv, name="statistics_csv"),
    path("du-lieu-mo/", export_views.open_data, name="open_data"),
    path("du-lieu-mo/tu-dien-du-lieu/", export_views.data_dictionary, name="data_dictionary"),
    path(
        "du-lieu-mo/tai-ve/sang-kien.<str:fmt>",
        export_views.showcase_download,
        name="showcase_download",
    ),
    path(
        "du-lieu-mo/tai-ve/tim-kiem.<str:fmt>",
        export_views.search_download,
        name="search_download",
    ),
]
