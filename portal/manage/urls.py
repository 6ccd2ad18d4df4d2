from django.urls import path

from portal.manage import people_views, views

app_name = "manage"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/add/", views.calendar_add, name="calendar_add"),
    path("calendar/<int:pk>/remove/", views.calendar_remove, name="calendar_remove"),
    path("procedures/", views.procedures, name="procedures"),
    path("procedures/<int:pk>/", views.procedure, name="procedure"),
    path("procedures/publish-all/", views.publish_all, name="publish_all"),
    path("procedures/<int:pk>/publish/", views.procedure_publish, name="procedure_publish"),
    path("procedures/<int:pk>/unpublish/", views.procedure_unpublish, name="procedure_unpublish"),
    path("agencies/", people_views.agencies, name="agencies"),
    path("agencies/new/", people_views.agency_form, name="agency_create"),
    path("agencies/<int:pk>/", people_views.agency_form, name="agency_edit"),
    path("users/", people_views.officials, name="officials"),
    path("users/new/", people_views.official_form, name="official_create"),
    path("users/<int:pk>/", people_views.official_form, name="official_edit"),
    path("users/<int:pk>/active/", people_views.official_active, name="official_active"),
]
