"""URLs of the embedded Connect sandbox, mounted at /sandbox/."""

from __future__ import annotations

from django.urls import path

from connect_app.sandbox import views

app_name = "sandbox"

urlpatterns = [
    path("connect", views.connect, name="connect"),
    path("tokens", views.tokens, name="tokens"),
    path("sessions/<str:token>/fault", views.session_fault, name="session_fault"),
    path("demo", views.demo, name="demo"),
    path("payments", views.payments, name="payments"),
    path("callback", views.callback, name="callback"),
]
