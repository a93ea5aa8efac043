from django.contrib import admin
from django.urls import include, path, register_converter

from tandem.api.api import api
from tandem.core.converters import RecordIdConverter

# Before the apps' URLs are included: they name records by <id:pk>.
register_converter(RecordIdConverter, "id")

urlpatterns = [
    path("", include("tandem.shell.urls")),
    path("compte/", include("tandem.accounts.urls")),
    path("organisations/", include("tandem.www.organisations.urls")),
    path("territoires/", include("tandem.territories.urls")),
    path("referentiels/", include("tandem.referentials.urls")),
    path("personnes/", include("tandem.www.people.urls")),
    path("orientations/", include("tandem.referrals.urls")),
    path("designations/", include("tandem.designations.urls")),
    path("offres/", include("tandem.offers.urls")),
    path("entreprises/", include("tandem.www.employers.urls")),
    path("prospection/", include("tandem.prospecting.urls")),
    path("evenements-employeurs/", include("tandem.employer_events.urls")),
    # A convention's meetings and joint action plan, under the conventions' prefix.
    path("conventions/", include("tandem.meetings.urls")),
    path("conventions/", include("tandem.partnerships.urls")),
    path("services/", include("tandem.service_catalogue.urls")),
    path("immersions/", include("tandem.immersions.urls")),
    path("actions-freins/", include("tandem.barrier_actions.urls")),
    path("parcours/", include("tandem.career_paths.urls")),
    path("sorties/", include("tandem.exits.urls")),
    path("indicateurs/", include("tandem.indicators.urls")),
    path("diagnostics/", include("tandem.diagnostics.urls")),
    path("journal/", include("tandem.audit.urls")),
    path("imports/", include("tandem.imports.urls")),
    path("donnees-personnelles/", include("tandem.privacy.urls")),
    path("notifications/", include("tandem.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "tandem.shell.views.bad_request"
handler403 = "tandem.shell.views.permission_denied"
handler404 = "tandem.shell.views.page_not_found"
handler500 = "tandem.shell.views.server_error"
