from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.verify_upload, name="verify_upload"),
    path("ca.pem", views.ca_certificate, name="ca"),
    path("<uuid:document_id>/", views.verify_page, name="verify"),
    path("<uuid:document_id>/revoke/", views.revoke, name="revoke"),
]
