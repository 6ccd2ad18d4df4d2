from django.contrib import admin

from hotline.models import HotlineFeedback


@admin.register(HotlineFeedback)
class HotlineFeedbackAdmin(admin.ModelAdmin):
    list_display = (
        "received_at",
        "province",
        "agency",
        "channel",
        "subject",
        "due_date",
        "answered_at",
        "timeliness",
        "verdict",
    )
    list_filter = (
        "province",
        "channel",
        ("answered_at", admin.EmptyFieldListFilter),
        "timeliness",
        "verdict",
        "in_remit",
    )
    search_fields = ("subject", "caller_name", "answer")
    date_hierarchy = "received_at"
    raw_id_fields = ("filing", "citizen", "answered_by", "agency")
    readonly_fields = ("answered_at", "answered_by", "due_date", "timeliness", "verdict", "verdict_at")
