from django.urls import URLPattern, path

from tandem.service_catalogue import views

app_name = "service_catalogue"
urlpatterns: list[URLPattern] = [
    path("", views.service_list, name="list"),
    path("par-theme/", views.service_by_theme, name="by_theme"),
    path("nouveau/", views.service_create, name="create"),
    path("<id:pk>/", views.service_detail, name="detail"),
    path("<id:pk>/modifier/", views.service_edit, name="edit"),
    path("<id:pk>/desactiver/", views.service_set_active, {"active": False}, name="deactivate"),
    path("<id:pk>/reactiver/", views.service_set_active, {"active": True}, name="reactivate"),
    path(
        "export/structures.json",
        views.service_export,
        {"dataset": "structures", "file_format": "json"},
        name="export_structures_json",
    ),
    path(
        "export/structures.csv",
        views.service_export,
        {"dataset": "structures", "file_format": "csv"},
        name="export_structures_csv",
    ),
    path(
        "export/services.json",
        views.service_export,
        {"dataset": "services", "file_format": "json"},
        name="export_services_json",
    ),
    path(
        "export/services.csv",
        views.service_export,
        {"dataset": "services", "file_format": "csv"},
        name="export_services_csv",
    ),
]
