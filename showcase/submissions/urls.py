from django.urls import path

from . import views

urlpatterns = [
    path("dang-ky-sang-kien/", views.submit, name="submission_form"),
    path("dang-ky-sang-kien/da-gui/", views.received, name="submission_received"),
    path("dang-ky-sang-kien/tra-cuu/", views.lookup, name="submission_lookup"),
    path("dang-ky-sang-kien/tuong-tu/", views.similar, name="submission_similar"),
]
