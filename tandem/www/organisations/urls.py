from django.urls import path

from tandem.www.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("qui-couvre/", views.coverage_lookup, name="coverage_lookup"),
    path("<id:pk>/", views.organisation_detail, name="detail"),
    path("<id:pk>/territoire/", views.coverage_edit, name="coverage_edit"),
]
