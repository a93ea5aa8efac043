from django.urls import URLPattern, URLResolver, include, path

from tandem.offers import matching_views, views

app_name = "offers"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.offer_list, name="list"),
    path("nouvelle/", views.offer_create, name="create"),
    path("import/", views.offer_import, name="import"),
    path("<id:pk>/", views.offer_detail, name="detail"),
    path("<id:pk>/modifier/", views.offer_edit, name="edit"),
    path("<id:pk>/retirer/", views.offer_step, {"action": "withdraw"}, name="offer_withdraw"),
    path("<id:pk>/rouvrir/", views.offer_step, {"action": "reopen"}, name="offer_reopen"),
]

# Other modules of the offers app (matching, positionings, CVs) add their routes below, one line each.
urlpatterns += [path("", include("tandem.offers.positioning.urls"))]
urlpatterns += [path("pour/<id:person_pk>/", matching_views.offers_for_person, name="matching_offers")]
urlpatterns += [path("<id:pk>/candidats/", matching_views.candidates_for_offer, name="matching_candidates")]
