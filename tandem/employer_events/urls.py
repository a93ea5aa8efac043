from django.urls import URLPattern, path

from tandem.employer_events import views

app_name = "employer_events"
urlpatterns: list[URLPattern] = [
    path("", views.event_list, name="event_list"),
    path("nouveau/", views.event_create, name="event_create"),
    path("<id:pk>/", views.event_detail, name="event_detail"),
    path("<id:pk>/modifier/", views.event_edit, name="event_edit"),
    path("<id:pk>/tenu/", views.event_step, {"action": "hold"}, name="event_hold"),
    path("<id:pk>/annuler/", views.event_step, {"action": "cancel"}, name="event_cancel"),
    path("<id:pk>/entreprises/", views.invite, name="invite"),
    path("<id:pk>/jeunes/", views.register, name="register"),
    path("invitations/<id:pk>/confirmee/", views.invitation_step, {"action": "confirm"}, name="invitation_confirm"),
    path("invitations/<id:pk>/declinee/", views.invitation_step, {"action": "decline"}, name="invitation_decline"),
    path("invitations/<id:pk>/presente/", views.invitation_step, {"action": "attend"}, name="invitation_attend"),
    path("invitations/<id:pk>/absente/", views.invitation_step, {"action": "miss"}, name="invitation_miss"),
    path("inscriptions/<id:pk>/present/", views.registration_step, {"action": "present"}, name="registration_present"),
    path("inscriptions/<id:pk>/absent/", views.registration_step, {"action": "absent"}, name="registration_absent"),
    path(
        "inscriptions/<id:pk>/suite/", views.registration_step, {"action": "follow_up"}, name="registration_follow_up"
    ),
    path("inscriptions/<id:pk>/mission/", views.registration_mission, name="registration_mission"),
]
