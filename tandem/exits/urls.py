from django.urls import URLPattern, path

from tandem.exits import views

app_name = "exits"
urlpatterns: list[URLPattern] = [
    path("personne/<id:person_pk>/", views.person_exits, name="person"),
    path("suivis-a-faire/", views.follow_ups_due, name="follow_ups_due"),
    path("<id:pk>/corriger/", views.exit_edit, name="exit_edit"),
    path("<id:pk>/annuler/", views.exit_cancel, name="exit_cancel"),
    path("<id:pk>/situation-six-mois/", views.follow_up_record, name="follow_up_record"),
]
