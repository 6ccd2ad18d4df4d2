from django.contrib import admin
from django.utils import timezone

from payments.models import (
    Payment,
    PaymentEvent,
    PlatformMessage,
    ReconciliationMismatch,
    Refund,
    SecurityEvent,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Money and history are changed by services only; the admin reads them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PaymentEventInline(admin.TabularInline):
    model = PaymentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor", "source", "at", "data"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["order_id", "filing", "channel", "amount", "status", "paid_at", "refunded_amount"]
    list_filter = ["status", "channel"]
    search_fields = ["order_id", "filing__code", "receipt_number", "platform_transaction_id"]
    inlines = [PaymentEventInline]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ["refund_id", "payment", "amount", "status", "requested_at", "completed_at"]


@admin.register(PlatformMessage)
class PlatformMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "kind", "answer", "remote_addr"]
    list_filter = ["kind", "answer"]


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "order_id", "detail"]
    list_filter = ["kind"]


@admin.register(ReconciliationMismatch)
class ReconciliationMismatchAdmin(admin.ModelAdmin):
    """The one place an admin writes: how a mismatch was resolved."""

    list_display = ["day", "kind", "order_id", "platform_amount", "portal_amount", "resolved_at"]
    list_filter = ["kind", "day", ("resolved_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["day", "kind", "order_id", "platform_amount", "portal_amount", "found_at"]
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Đánh dấu đã xử lý / Mark resolved")
    def mark_resolved(self, request, queryset):
        queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
