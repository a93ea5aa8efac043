from django.contrib import admin

from tandem.organisations.models import Organisation, PartnershipLink


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "safir_code", "siret", "commune"]
    list_filter = ["kind"]
    search_fields = ["name", "safir_code", "siret"]
    raw_id_fields = ["commune", "parent"]


@admin.register(PartnershipLink)
class PartnershipLinkAdmin(admin.ModelAdmin):
    list_display = ["organisation_a", "organisation_b", "kind", "is_reference_site", "starts_on", "ends_on"]
    list_filter = ["kind", "is_reference_site"]
    raw_id_fields = ["organisation_a", "organisation_b"]
