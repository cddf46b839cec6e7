from django.urls import path

from . import race_views, stats_views

urlpatterns = [
    path("bang-xep-hang/", race_views.leaderboard, name="leaderboard"),
    path("bang-xep-hang/don-vi/<str:code>/", race_views.unit_page, name="campaign_unit"),
    path("thong-ke/", stats_views.statistics, name="statistics"),
    path("thong-ke/<slug:chart>.csv", stats_views.statistics_csv, name="statistics_csv"),
]
