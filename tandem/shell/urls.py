from django.urls import path

from tandem.shell import views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
    path("sante/", views.health, name="health"),
]
