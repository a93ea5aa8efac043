from django.urls import URLPattern, path

from tandem.diagnostics import views

app_name = "diagnostics"
urlpatterns: list[URLPattern] = [
    path("", views.diagnostic_list, name="list"),
    path("nouveau/", views.diagnostic_create, name="create"),
    path("<id:pk>/", views.diagnostic_detail, name="detail"),
    path("<id:pk>/nouvelle-version/", views.version_create, name="version_create"),
    path("<id:pk>/comparer/", views.version_compare, name="compare"),
    path("<id:pk>/versions/<id:number>/", views.version_detail, name="version"),
    path("<id:pk>/versions/<id:number>/analyse/", views.narrative_edit, name="narrative"),
    path("<id:pk>/versions/<id:number>/publier/", views.version_publish, name="version_publish"),
    path("<id:pk>/versions/<id:number>/export.csv", views.version_csv, name="version_csv"),
]
