from django.urls import URLPattern

app_name = "career_paths"
urlpatterns: list[URLPattern] = []
