from django.urls import path

from portal.reports import api
from serviceindex.api import ServiceIndexView

urlpatterns = [
    path("summary/", api.SummaryView.as_view(), name="api-report-summary"),
    path("reconciliation/", api.ReconciliationView.as_view(), name="api-report-reconciliation"),
    path("service-index/", ServiceIndexView.as_view(), name="api-report-service-index"),
]
