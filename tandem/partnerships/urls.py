from django.urls import URLPattern, path

from tandem.partnerships import views

app_name = "partnerships"
# The removals come last: the access crawler posts to every URL in this order, and a removal must not take away
# the row the URLs after it name.
urlpatterns: list[URLPattern] = [
    path("", views.convention_list, name="convention_list"),
    path("nouvelle/", views.convention_create, name="convention_create"),
    path("mises-a-disposition/", views.secondment_list, name="secondment_list"),
    path("carte/", views.partnership_map, name="partnership_map"),
    path("<id:pk>/", views.convention_detail, name="convention_detail"),
    path("<id:pk>/modifier/", views.convention_edit, name="convention_edit"),
    path("<id:pk>/signer/", views.convention_step, {"action": "sign"}, name="convention_sign"),
    path("<id:pk>/en-vigueur/", views.convention_step, {"action": "activate"}, name="convention_activate"),
    path("<id:pk>/terminer/", views.convention_step, {"action": "end"}, name="convention_end"),
    path("<id:pk>/parties/ajouter/", views.party_add, name="party_add"),
    path("<id:pk>/objectifs/ajouter/", views.target_add, name="target_add"),
    path("<id:pk>/mises-a-disposition/ajouter/", views.secondment_add, name="secondment_add"),
    path("<id:pk>/documents/ajouter/", views.document_add, name="document_add"),
    path("parties/<id:pk>/modifier/", views.party_edit, name="party_edit"),
    path("mises-a-disposition/<id:pk>/modifier/", views.secondment_edit, name="secondment_edit"),
    path("documents/<id:pk>/", views.document_download, name="document_download"),
    path("parties/<id:pk>/retirer/", views.party_remove, name="party_remove"),
    path("objectifs/<id:pk>/retirer/", views.target_remove, name="target_remove"),
    path("mises-a-disposition/<id:pk>/retirer/", views.secondment_remove, name="secondment_remove"),
]
