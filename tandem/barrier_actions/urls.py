from django.urls import URLPattern

app_name = "barrier_actions"
urlpatterns: list[URLPattern] = []
