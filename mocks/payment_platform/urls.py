"""The mock platform's URLconf: mounted under ``mock-payment/`` or served alone by ``run_mock_payment``."""

from django.urls import path

from mocks.payment_platform import views

app_name = "mock_payment"
urlpatterns = [
    path("api/orders", views.create_order, name="create_order"),
    path("api/orders/<str:order_id>", views.order_status, name="order_status"),
    path("api/orders/<str:order_id>/pay", views.pay_api, name="pay_api"),
    path("api/orders/<str:order_id>/faults", views.set_faults, name="order_faults"),
    path("api/orders/<str:order_id>/callbacks", views.callbacks, name="callbacks"),
    path("api/refunds", views.refund, name="refund"),
    path("api/transactions", views.transactions, name="transactions"),
    path("api/faults", views.set_faults, name="faults"),
    path("api/deliver", views.deliver, name="deliver"),
    path("pay/<str:order_id>", views.pay_page, name="pay_page"),
]
