from django.urls import path

from portal.reports import views
from serviceindex import views as index_views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures/<slug:key>/", views.figure_records, name="records"),
    path("figures/<slug:key>/records.csv", views.figure_records_csv, name="records_csv"),
    path("figures/<slug:key>/records.xlsx", views.figure_records_xlsx, name="records_xlsx"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("index/", index_views.index_page, name="index"),
    path("index/<slug:key>/", index_views.index_records, name="index_records"),
    path("index/<slug:key>/records.csv", index_views.index_records_csv, name="index_records_csv"),
]
