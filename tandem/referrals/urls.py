from django.urls import path

from tandem.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/accepter/", views.transition, {"action": "accept"}, name="accept"),
    path("<id:pk>/refuser/", views.transition, {"action": "refuse"}, name="refuse"),
    path("<id:pk>/rendez-vous/", views.transition, {"action": "schedule"}, name="schedule"),
    path("<id:pk>/rendez-vous-honore/", views.transition, {"action": "meeting"}, name="meeting"),
    path("<id:pk>/cloturer/", views.transition, {"action": "close"}, name="close"),
    path("<id:pk>/retirer/", views.transition, {"action": "withdraw"}, name="withdraw"),
]
