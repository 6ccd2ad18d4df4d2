"""The mock VNeID's URLconf: mounted under ``mock-vneid/`` or served alone by ``run_mock_vneid``."""

from django.urls import path

from mocks.vneid import views

app_name = "mock_vneid"
urlpatterns = [
    path("", views.discovery, name="root"),
    path(".well-known/openid-configuration", views.discovery, name="discovery"),
    path("authorize", views.authorize, name="authorize"),
    path("token", views.token, name="token"),
    path("jwks", views.jwks, name="jwks"),
]
