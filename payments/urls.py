from django.urls import path

from payments import views

app_name = "payments"
urlpatterns = [
    path("filings/<str:code>/pay/", views.start, name="start"),
    path("filings/<str:code>/counter/", views.counter, name="counter"),
    path("return/", views.browser_return, name="return"),
    path("callback/", views.callback, name="callback"),
]
