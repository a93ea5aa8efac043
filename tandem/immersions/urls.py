from django.urls import URLPattern

app_name = "immersions"
urlpatterns: list[URLPattern] = []
