from django.urls import path

from tandem.www.people import job_project, views

app_name = "people"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nouveau/", views.create, name="create"),
    path("chevauchements/", views.overlaps, name="overlaps"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/modifier/", views.edit, name="edit"),
    path("<id:pk>/orienter/", views.refer, name="refer"),
    path("<id:pk>/notes/", views.note_add, name="note_add"),
    path("<id:pk>/freins/", views.barrier_add, name="barrier_add"),
    path("<id:pk>/freins/<id:barrier_pk>/", views.barrier_update, name="barrier_update"),
    path("<id:pk>/dispositifs/", views.scheme_add, name="scheme_add"),
    path("<id:pk>/consentements/", views.consent_add, name="consent_add"),
    path("<id:pk>/consentements/<id:consent_pk>/retrait/", views.consent_revoke, name="consent_revoke"),
    path("<id:pk>/referent/", views.hand_over, name="hand_over"),
    path("<id:pk>/projet/", job_project.job_project, name="job_project"),
]
