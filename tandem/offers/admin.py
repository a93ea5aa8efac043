from django.contrib import admin

from tandem.offers.models import Offer


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "source", "external_id", "contract_type", "commune", "status", "sharing"]
    list_filter = ["source", "status", "sharing", "contract_type"]
    search_fields = ["title", "external_id", "employer_name"]
    raw_id_fields = ["organisation", "rome", "appellation", "employer", "commune"]
    readonly_fields = ["created_at", "updated_at"]
