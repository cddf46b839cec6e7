from django.urls import path

from . import race_views

urlpatterns = [
    path("bang-xep-hang/", race_views.leaderboard, name="leaderboard"),
]
