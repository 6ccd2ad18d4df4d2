from django.urls import path

from portal.reports import api

urlpatterns = [
    path("summary/", api.SummaryView.as_view(), name="api-report-summary"),
    path("reconciliation/", api.ReconciliationView.as_view(), name="api-report-reconciliation"),
]
