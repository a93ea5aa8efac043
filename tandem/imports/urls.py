from django.urls import path

from tandem.imports import views

app_name = "imports"
urlpatterns = [
    path("<id:pk>/", views.job_detail, name="detail"),
    path("<id:pk>/etat/", views.job_status, name="status"),
]
