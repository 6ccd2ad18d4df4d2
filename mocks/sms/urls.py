from django.urls import path

from mocks.sms import views

app_name = "mock_sms"
urlpatterns = [
    path("api/messages", views.messages, name="messages"),
    path("api/faults", views.faults, name="faults"),
]
