from django.urls import path

from tandem.people import views

app_name = "people"
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("nouveau/", views.create, name="create"),
    path("chevauchements/", views.overlaps, name="overlaps"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/orienter/", views.refer, name="refer"),
    path("<int:pk>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/freins/", views.barrier_add, name="barrier_add"),
    path("<int:pk>/freins/<int:barrier_pk>/", views.barrier_update, name="barrier_update"),
    path("<int:pk>/dispositifs/", views.scheme_add, name="scheme_add"),
    path("<int:pk>/consentements/", views.consent_add, name="consent_add"),
    path("<int:pk>/consentements/<int:consent_pk>/retrait/", views.consent_revoke, name="consent_revoke"),
    path("<int:pk>/referent/", views.hand_over, name="hand_over"),
]
