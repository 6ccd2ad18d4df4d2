"""The payments API, included in ``/api/v1/`` by :mod:`api.urls`."""

from django.urls import path

from payments.api import views

urlpatterns = [
    path("filings/<str:code>/payments/", views.FilingPaymentsView.as_view(), name="filing-payments"),
    path(
        "filings/<str:code>/payments/online/",
        views.StartOnlinePaymentView.as_view(),
        name="filing-payment-online",
    ),
    path(
        "filings/<str:code>/payments/counter/",
        views.CounterPaymentView.as_view(),
        name="filing-payment-counter",
    ),
    path("payments/callback/", views.PlatformCallbackView.as_view(), name="payment-callback"),
]
