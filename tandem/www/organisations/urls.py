from django.urls import path

from tandem.www.organisations import members, partnerships, views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("qui-couvre/", views.coverage_lookup, name="coverage_lookup"),
    path("<id:pk>/", views.organisation_detail, name="detail"),
    path("<id:pk>/territoire/", views.coverage_edit, name="coverage_edit"),
    path("<id:pk>/partenariats/nouveau/", partnerships.link_create, name="link_create"),
    path("<id:pk>/partenariats/<id:link_pk>/modifier/", partnerships.link_edit, name="link_edit"),
    path("<id:pk>/partenariats/<id:link_pk>/terminer/", partnerships.link_end, name="link_end"),
    path("<id:pk>/membres/", members.member_list, name="members"),
    path("<id:pk>/membres/inviter/", members.member_invite, name="member_invite"),
    path("<id:pk>/membres/<id:membership_pk>/modifier/", members.member_edit, name="member_edit"),
    path("<id:pk>/membres/<id:membership_pk>/retirer/", members.member_end, name="member_end"),
    path(
        "<id:pk>/membres/<id:membership_pk>/desactiver-compte/",
        members.account_deactivate,
        name="account_deactivate",
    ),
]
