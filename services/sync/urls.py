from django.urls import path

from services.sync import views

app_name = "sync"
urlpatterns = [
    path("inbound/filings/", views.inbound_filing, name="inbound-filing"),
    path("status/", views.sync_status, name="status"),
]
