from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from connect_app import branding, views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("act", views.take_action, name="act"),
    path("answer", views.answer, name="answer"),
    path("resume", views.resume, name="resume"),
    path("close", views.close_here, name="close_here"),
    path("figures.csv", views.figures_csv, name="figures_csv"),
    path("brand/<str:digest>.css", branding.stylesheet_view, name="brand_css"),
]
if settings.CONNECT_SANDBOX_ENABLED:
    urlpatterns.append(path("sandbox/", include("connect_sandbox.urls")))

handler400 = "connect_app.problems.bad_request"
handler403 = "connect_app.problems.forbidden"
handler404 = "connect_app.problems.not_found"
handler500 = "connect_app.problems.server_error"
