"""The URLconf of the mock when it runs as its own process: only the mock, under the same prefix."""

from django.urls import include, path

urlpatterns = [path("mock-sms/", include("mocks.sms.urls"))]
