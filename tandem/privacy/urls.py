from django.urls import path

from tandem.privacy import views

app_name = "privacy"
urlpatterns = [
    path("personnes/<id:pk>/export/", views.person_export, name="person_export"),
    path("contacts/<id:pk>/export/", views.contact_export, name="contact_export"),
]
