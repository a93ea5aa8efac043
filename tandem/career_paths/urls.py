from django.urls import URLPattern, path

from tandem.career_paths import views

app_name = "career_paths"
urlpatterns: list[URLPattern] = [
    path("personne/<id:person_pk>/", views.path_page, name="path"),
    path("personne/<id:person_pk>/mission/", views.mission_record, name="mission_record"),
    path("personne/<id:person_pk>/formation/", views.training_record, name="training_record"),
    path("missions/<id:pk>/modifier/", views.mission_edit, name="mission_edit"),
    path("missions/<id:pk>/annuler/", views.mission_cancel, name="mission_cancel"),
]
