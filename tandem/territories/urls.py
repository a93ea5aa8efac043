from django.urls import path

from tandem.territories import views

app_name = "territories"

urlpatterns = [
    path("communes/suggestions/", views.commune_suggestions, name="commune_suggestions"),
]
