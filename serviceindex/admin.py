from django.contrib import admin

from serviceindex.models import IndexWeight


@admin.register(IndexWeight)
class IndexWeightAdmin(admin.ModelAdmin):
    list_display = ("key", "group", "max_points", "full_marks_at", "effective_from", "source")
    list_filter = ("group", "effective_from")
