from django.urls import path

from tandem.referentials import views

app_name = "referentials"

urlpatterns = [
    path("metiers/suggestions/", views.job_suggestions, name="job_suggestions"),
]
