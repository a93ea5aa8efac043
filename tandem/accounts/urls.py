from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from tandem.accounts import forms, views

app_name = "accounts"
urlpatterns = [
    path("connexion/", views.TandemLoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.my_account, name="my_account"),
    path("organisation-active/", views.switch_organisation, name="switch_organisation"),
    path("jetons/", views.api_tokens, name="api_tokens"),
    path("jetons/<id:pk>/revoquer/", views.api_token_revoke, name="api_token_revoke"),
    path(
        "mot-de-passe/",
        auth_views.PasswordChangeView.as_view(
            form_class=forms.TandemPasswordChangeForm,
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:my_account"),
        ),
        name="password_change",
    ),
    path(
        "mot-de-passe-oublie/",
        views.TandemPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reinitialisation/<uidb64>/<token>/",
        views.TandemPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("invitation/<uidb64>/<token>/", views.TandemInvitationAcceptView.as_view(), name="invitation_accept"),
    path(
        "reinitialisation/terminee/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
