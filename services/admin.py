from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from services.models import (
    Agency,
    ApologySlip,
    CalendarDay,
    Filing,
    FilingDocument,
    FilingEvent,
    OutboxEvent,
    Procedure,
    Province,
    RequiredDocument,
    User,
)
from services.sync.admin import publish_selected, redrive_events, unpublish_selected


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "province", "parent"]
    list_filter = ["province", "level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["national_code", "name", "field", "agency", "online_level", "processing_days", "fee"]
    list_filter = [
        "province",
        "online_level",
        "agency__level",
        "eligible_for_national_gateway",
        "is_active",
        "field",
    ]
    search_fields = ["national_code", "name", "field"]
    autocomplete_fields = ["agency"]
    inlines = [RequiredDocumentInline]
    actions = [publish_selected, unpublish_selected]

    def save_model(self, request, obj, form, change):
        obj.save(actor=request.user)  # the catalog history records who changed it


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "province", "is_working_day", "reason"]
    list_filter = ["is_working_day", "province"]
    search_fields = ["reason"]
    date_hierarchy = "date"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "personal_id", "agency", "is_staff"]
    list_filter = [*BaseUserAdmin.list_filter, "agency"]
    search_fields = ["username", "full_name", "first_name", "last_name", "email", "personal_id"]
    autocomplete_fields = ["agency"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Công dân / cán bộ"), {"fields": ["full_name", "personal_id", "phone", "agency"]}),
    ]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FilingEventInline(ReadOnlyInline):
    model = FilingEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "reason"]
    readonly_fields = fields


class FilingDocumentInline(ReadOnlyInline):
    model = FilingDocument
    fields = ["required_document", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = fields


@admin.register(Filing)
class FilingAdmin(admin.ModelAdmin):
    """Read-only: filings change only through the one-stop shop's steps."""

    list_display = [
        "code",
        "procedure",
        "agency",
        "status",
        "channel",
        "due_date",
        "timeliness",
        "created_at",
    ]
    list_filter = ["status", "channel", "timeliness", "agency__province", "agency"]
    search_fields = ["code", "applicant_name", "applicant_personal_id", "receipt_number"]
    date_hierarchy = "created_at"
    inlines = [FilingDocumentInline, FilingEventInline]
    list_select_related = ["procedure", "agency"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ApologySlip)
class ApologySlipAdmin(admin.ModelAdmin):
    list_display = ["filing", "new_due_date", "issued_by", "issued_at"]
    search_fields = ["filing__code"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["id", "topic", "key", "state", "attempts", "created_at", "sent_at", "last_error"]
    list_filter = ["state", "topic"]
    search_fields = ["key"]
    actions = [redrive_events]
    readonly_fields = [f.name for f in OutboxEvent._meta.fields]

    def has_add_permission(self, request):
        return False
