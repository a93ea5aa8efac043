from django.urls import path

from tandem.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<id:pk>/lue/", views.notification_read, name="read"),
    path("tout-lire/", views.notification_read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
]
