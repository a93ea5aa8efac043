from django.urls import path

from tandem.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accepter/", views.transition, {"action": "accept"}, name="accept"),
    path("<int:pk>/refuser/", views.transition, {"action": "refuse"}, name="refuse"),
    path("<int:pk>/rendez-vous/", views.transition, {"action": "schedule"}, name="schedule"),
    path("<int:pk>/rendez-vous-honore/", views.transition, {"action": "meeting"}, name="meeting"),
    path("<int:pk>/cloturer/", views.transition, {"action": "close"}, name="close"),
    path("<int:pk>/retirer/", views.transition, {"action": "withdraw"}, name="withdraw"),
]
