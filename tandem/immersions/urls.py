from django.urls import URLPattern, path

from tandem.immersions import views

app_name = "immersions"
urlpatterns: list[URLPattern] = [
    path("", views.immersion_list, name="list"),
    path("professionnels/nouvelle/", views.staff_create, name="staff_create"),
    path("professionnels/<id:pk>/", views.staff_detail, name="staff_detail"),
    path("professionnels/<id:pk>/modifier/", views.staff_edit, name="staff_edit"),
    path("professionnels/<id:pk>/realisee/", views.staff_step, {"action": "complete"}, name="staff_complete"),
    path("professionnels/<id:pk>/annuler/", views.staff_step, {"action": "cancel"}, name="staff_cancel"),
    path("pmsmp/nouvelle/", views.pmsmp_choose_person, name="pmsmp_choose_person"),
    path("pmsmp/nouvelle/<id:person_pk>/", views.pmsmp_create, name="pmsmp_create"),
    path("pmsmp/<id:pk>/", views.pmsmp_detail, name="pmsmp_detail"),
    path("pmsmp/<id:pk>/modifier/", views.pmsmp_edit, name="pmsmp_edit"),
    path("pmsmp/<id:pk>/convention.pdf", views.pmsmp_agreement, name="pmsmp_agreement"),
    path("pmsmp/<id:pk>/signee/", views.pmsmp_step, {"action": "sign"}, name="pmsmp_sign"),
    path("pmsmp/<id:pk>/commencee/", views.pmsmp_step, {"action": "start"}, name="pmsmp_start"),
    path("pmsmp/<id:pk>/evaluee/", views.pmsmp_step, {"action": "assess"}, name="pmsmp_assess"),
    path("pmsmp/<id:pk>/annuler/", views.pmsmp_step, {"action": "cancel"}, name="pmsmp_cancel"),
]
