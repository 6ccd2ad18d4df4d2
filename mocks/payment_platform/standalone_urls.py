"""Root URLconf when the mock runs as its own process (``manage.py run_mock_payment``)."""

from django.urls import include, path

urlpatterns = [path("", include("mocks.payment_platform.urls"))]
