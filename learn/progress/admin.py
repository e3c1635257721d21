from django.contrib import admin

from learn.progress.models import LessonCompletion


@admin.register(LessonCompletion)
class LessonCompletionAdmin(admin.ModelAdmin):
    list_display = ("user", "lesson", "completed_at")
    list_select_related = ("user", "lesson")
    raw_id_fields = ("user", "lesson")
