from django.urls import URLPattern, path

from tandem.meetings import views

app_name = "meetings"
# Under the conventions' prefix (/conventions/<convention>/reunions/, /conventions/<convention>/plan-d-action/).
MEETING = "<id:convention_pk>/reunions/<id:pk>/"
ACTION = "<id:convention_pk>/plan-d-action/<id:pk>/"
urlpatterns: list[URLPattern] = [
    path("<id:convention_pk>/reunions/", views.meeting_list, name="meeting_list"),
    path("<id:convention_pk>/reunions/nouvelle/", views.meeting_create, name="meeting_create"),
    path("<id:convention_pk>/reunions/rythme/", views.cadence_edit, name="cadence_edit"),
    path("<id:convention_pk>/reunions/calendrier.ics", views.convention_calendar, name="convention_calendar"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(f"{MEETING}modifier/", views.meeting_edit, name="meeting_edit"),
    path(f"{MEETING}tenue/", views.meeting_step, {"action": "hold"}, name="meeting_hold"),
    path(f"{MEETING}approuver/", views.meeting_step, {"action": "approve"}, name="meeting_approve"),
    path(f"{MEETING}annuler/", views.meeting_step, {"action": "cancel"}, name="meeting_cancel"),
    path(f"{MEETING}invitations/", views.meeting_invitations, name="meeting_invitations"),
    path(f"{MEETING}presences/", views.meeting_attendance, name="meeting_attendance"),
    path(f"{MEETING}compte-rendu/", views.meeting_minutes, name="meeting_minutes"),
    path(f"{MEETING}decisions/", views.decision_add, name="decision_add"),
    path(f"{MEETING}decisions/<id:decision_pk>/action/", views.decision_action, name="decision_action"),
    path(f"{MEETING}actions-examinees/", views.review_add, name="review_add"),
    path(f"{MEETING}calendrier.ics", views.meeting_calendar, name="meeting_calendar"),
    path("<id:convention_pk>/plan-d-action/", views.plan, name="plan"),
    path("<id:convention_pk>/plan-d-action/nouvelle/", views.action_create, name="action_create"),
    path(f"{ACTION}modifier/", views.action_edit, name="action_edit"),
    path(f"{ACTION}en-cours/", views.action_step, {"action": "start"}, name="action_start"),
    path(f"{ACTION}realisee/", views.action_step, {"action": "complete"}, name="action_complete"),
    path(f"{ACTION}abandonnee/", views.action_step, {"action": "drop"}, name="action_drop"),
]
