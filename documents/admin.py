from django.contrib import admin

from documents.models import SignedDocument


@admin.register(SignedDocument)
class SignedDocumentAdmin(admin.ModelAdmin):
    """Read only: a signed document never changes; revoke it on its verify page (the province's admins)."""

    list_display = ("number", "kind", "filing", "agency_name", "signed_at", "revoked_at")
    list_filter = ("kind", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("number", "filing__code", "sha256")
    exclude = ("pdf",)
    readonly_fields = [f.name for f in SignedDocument._meta.fields if f.name != "pdf"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
