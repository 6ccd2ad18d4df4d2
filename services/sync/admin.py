"""Admin actions for the gateway sync (wired into services.admin) and the publication list."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from services.exceptions import DomainError
from services.models import ProcedurePublication
from services.sync import delivery, publication


@admin.action(description=_("Gửi lại (đặt lại số lần thử) / Re-drive (reset attempts)"))
def redrive_events(modeladmin, request, queryset):
    count = delivery.redrive(events=list(queryset.values_list("pk", flat=True)))
    modeladmin.message_user(request, _("Đã gửi lại %(n)d sự kiện / %(n)d event(s) re-driven") % {"n": count})


@admin.action(description=_("Công bố lên Cổng DVCQG / Publish on the national gateway"))
def publish_selected(modeladmin, request, queryset):
    try:
        result = publication.publish_procedures(actor=request.user, procedures=queryset)
    except DomainError as exc:
        modeladmin.message_user(request, str(exc), messages.ERROR)
        return
    modeladmin.message_user(
        request,
        _("Gửi %(q)d, không đổi %(u)d, không đủ điều kiện %(i)d")
        % {"q": len(result["queued"]), "u": len(result["unchanged"]), "i": len(result["ineligible"])},
    )


@admin.action(description=_("Gỡ khỏi Cổng DVCQG / Unpublish from the national gateway"))
def unpublish_selected(modeladmin, request, queryset):
    for procedure in queryset.select_related("agency"):
        try:
            publication.unpublish_procedure(procedure=procedure, actor=request.user)
        except DomainError as exc:
            modeladmin.message_user(request, f"{procedure.national_code}: {exc}", messages.WARNING)


@admin.register(ProcedurePublication)
class ProcedurePublicationAdmin(admin.ModelAdmin):
    list_display = ["procedure", "state", "desired", "ack_id", "published_at", "unpublished_at"]
    list_filter = ["state", "desired"]
    search_fields = ["procedure__national_code", "procedure__name", "ack_id"]
    readonly_fields = [f.name for f in ProcedurePublication._meta.fields]

    def has_add_permission(self, request):
        return False
