from django.urls import path

from tandem.designations import views

app_name = "designations"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("nouvelle/", views.create, name="create"),
]
