from django.urls import URLPattern, path

from tandem.prospecting import views

app_name = "prospecting"
urlpatterns: list[URLPattern] = [
    path("", views.campaign_list, name="campaign_list"),
    path("nouvelle/", views.campaign_create, name="campaign_create"),
    path("<id:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<id:pk>/modifier/", views.campaign_edit, name="campaign_edit"),
    path("<id:pk>/lancer/", views.campaign_activate, name="campaign_activate"),
    path("<id:pk>/cloturer/", views.campaign_close, name="campaign_close"),
    path("<id:pk>/cibles/", views.targets_build, name="targets_build"),
    path("<id:pk>/repartition/", views.targets_split, name="targets_split"),
    path("<id:pk>/binomes/", views.campaign_pairs, name="campaign_pairs"),
    path("<id:pk>/visites/nouvelle/", views.visit_plan, name="visit_plan"),
    path("visites/", views.my_visits, name="my_visits"),
    path("visites/<id:pk>/compte-rendu/", views.visit_report, name="visit_report"),
    path("visites/<id:pk>/annuler/", views.visit_cancel, name="visit_cancel"),
]
