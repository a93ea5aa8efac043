"""Positioning routes, included in the `offers` namespace (tandem/offers/urls.py) under `offres/`."""

from django.urls import path

from tandem.offers.positioning import views

urlpatterns = [
    path("mises-en-relation/", views.board, name="positioning_board"),
    path("<id:offer_pk>/proposer/", views.create, name="positioning_create"),
    path("mises-en-relation/<id:pk>/", views.detail, name="positioning_detail"),
    path("mises-en-relation/<id:pk>/cv.pdf", views.cv_download, name="positioning_cv"),
    path("mises-en-relation/<id:pk>/envoyer/", views.transition, {"action": "send"}, name="positioning_send"),
    path(
        "mises-en-relation/<id:pk>/entretien/", views.transition, {"action": "interview"}, name="positioning_interview"
    ),
    path("mises-en-relation/<id:pk>/embauche/", views.transition, {"action": "hire"}, name="positioning_hire"),
    path(
        "mises-en-relation/<id:pk>/non-retenue/",
        views.transition,
        {"action": "not_retained"},
        name="positioning_not_retained",
    ),
    path("mises-en-relation/<id:pk>/retirer/", views.transition, {"action": "withdraw"}, name="positioning_withdraw"),
]
