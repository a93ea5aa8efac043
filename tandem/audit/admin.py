from django.contrib import admin
from django.http import HttpRequest

from tandem.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only, even for administrators: the log is append-only and only the platform writes it."""

    list_display = ["at", "user", "api_token", "organisation", "action", "person_id", "object_type", "ip_address"]
    list_filter = ["action"]
    list_select_related = ["user", "api_token", "organisation"]
    search_fields = ["=person_id", "user__email", "organisation__name"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return request.user.is_authenticated and request.user.is_administrator
