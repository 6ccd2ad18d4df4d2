from django.urls import path

from mocks.gateway import views

app_name = "mock_gateway"
urlpatterns = [
    path("api/publications/", views.publish, name="publish"),
    path("api/publications/list/", views.publications, name="publications"),
    path("api/publications/unpublish/", views.unpublish, name="unpublish"),
    path("api/filings/<str:code>/updates/", views.filing_update, name="filing-update"),
    path("api/filings/<str:code>/rating/", views.filing_rating, name="filing-rating"),
    path("api/filings/<str:code>/", views.filing_history, name="filing-history"),
    path("api/payments/", views.payment_result, name="payment-result"),
    path("api/control/", views.control, name="control"),
    path("api/control/stats/", views.stats, name="stats"),
    path("api/control/forward/", views.forward_filing, name="forward"),
]
