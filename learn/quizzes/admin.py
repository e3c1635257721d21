"""Questions in the admin, read-only: they are imported from quizzes/ by sync_content, which would
overwrite any change made here."""

from django.contrib import admin

from learn.lessons.admin import ReadOnly
from learn.quizzes.models import Question


@admin.register(Question)
class QuestionAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("qid", "lesson", "type", "difficulty", "archived")
    list_filter = ("type", "lesson__track", "difficulty", "archived")
    search_fields = ("qid", "lesson__title", "prompt_html")
    list_select_related = ("lesson",)
