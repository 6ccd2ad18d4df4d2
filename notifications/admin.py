from django.contrib import admin

from notifications.models import ChannelPreference, DeliveryAttempt, Notification


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ("at", "ok", "error", "duration_ms")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("key", "event", "channel", "address", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "channel", "event")
    search_fields = ("key", "address", "filing__code")
    raw_id_fields = ("filing", "recipient")
    inlines = [DeliveryAttemptInline]


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "sms", "language")
    raw_id_fields = ("user",)
