"""URLs of the embedded Connect sandbox, mounted at /sandbox/."""

from __future__ import annotations

from django.urls import path

from connect_sandbox import views
from connect_sandbox.api import views as api

app_name = "sandbox"

urlpatterns = [
    path("", views.start, name="start"),
    path("connect", views.connect, name="connect"),
    path("tokens", views.tokens, name="tokens"),
    path("sessions/<str:token>/fault", views.session_fault, name="session_fault"),
    path("demo", views.demo, name="demo"),
    path("payments", views.payments, name="payments"),
    path("provider-login", views.provider_login, name="provider_login"),
    path("provider-login/failed", views.provider_login_failed, name="provider_login_failed"),
    path("callback", views.callback, name="callback"),
    path("logos/<str:provider_id>.svg", views.provider_logo, name="provider_logo"),
    # The REST stand-in: Flatpeak's https://api.flatpeak.com paths, under /sandbox/api.
    path("api/login", api.login, name="api_login"),
    path("api/connect", api.create_connect_session, name="api_connect"),
    path("api/connect/sessions", api.create_connect_token, name="api_connect_sessions"),
    path("api/connect/<str:token>", api.connect_session, name="api_connect_session"),
    path("api/vpp-participations", api.vpp_participations, name="api_vpp_participations"),
    path(
        "api/vpp-participations/<str:participation_id>",
        api.vpp_participation,
        name="api_vpp_participation",
    ),
]
