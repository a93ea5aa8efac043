from django.urls import URLPattern, path

from tandem.indicators import views

app_name = "indicators"
urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("tableau-de-bord/tableaux.xlsx", views.dashboard_xlsx, name="xlsx"),
    path("tableau-de-bord/bilan.pdf", views.dashboard_pdf, name="pdf"),
    path("tableau-de-bord/<slug:table>.csv", views.dashboard_csv, name="csv"),
]
