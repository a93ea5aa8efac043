from django.contrib import admin

from tandem.service_catalogue.models import Service, ServiceAudience, ServiceTheme


class ServiceThemeInline(admin.TabularInline):
    model = ServiceTheme
    extra = 0


class ServiceAudienceInline(admin.TabularInline):
    model = ServiceAudience
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "site", "kind", "is_active", "updated_at")
    list_filter = ("is_active", "kind")
    search_fields = ("name", "organisation__name")
    filter_horizontal = ("zone_departements",)
    raw_id_fields = ("organisation", "site", "created_by", "zone_communes")
    inlines = (ServiceThemeInline, ServiceAudienceInline)
