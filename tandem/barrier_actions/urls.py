from django.urls import URLPattern, path

from tandem.barrier_actions import views

app_name = "barrier_actions"
urlpatterns: list[URLPattern] = [
    path("", views.action_list, name="list"),
    path("nouvelle/", views.action_create, name="create"),
    path("<id:pk>/", views.action_detail, name="detail"),
    path("<id:pk>/modifier/", views.action_edit, name="edit"),
    path("<id:pk>/clore/", views.action_close, name="close"),
    path("<id:pk>/orienter/", views.enrol, name="enrol"),
    path("inscriptions/<id:pk>/sortie/", views.enrolment_end, {"step": "leave"}, name="enrolment_leave"),
    path("inscriptions/<id:pk>/terminee/", views.enrolment_end, {"step": "complete"}, name="enrolment_complete"),
]
