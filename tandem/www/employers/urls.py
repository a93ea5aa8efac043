from django.urls import path

from tandem.www.employers import views

app_name = "employers"
urlpatterns = [
    path("", views.employer_list, name="list"),
    path("nouvelle/", views.employer_create, name="create"),
    path("import/", views.partner_import, name="import"),
    path("<id:pk>/", views.employer_detail, name="detail"),
    path("<id:pk>/modifier/", views.employer_edit, name="edit"),
    path("<id:pk>/contacts/nouveau/", views.contact_create, name="contact_create"),
    path("<id:pk>/contacts/<id:contact_pk>/modifier/", views.contact_edit, name="contact_edit"),
    path("<id:pk>/contacts/<id:contact_pk>/supprimer/", views.contact_delete, name="contact_delete"),
    path("<id:pk>/echanges/nouveau/", views.interaction_create, name="interaction_create"),
    path("<id:pk>/interlocuteur/", views.referent_hand_over, name="referent"),
]
