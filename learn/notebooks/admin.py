"""Notebooks are files (read-only here, like lessons); runs can be inspected and deleted (a deleted run
is computed again when next asked for); attempts are the learners' own, read-only."""

from django.contrib import admin

from learn.lessons.admin import ReadOnly
from learn.notebooks.models import ExerciseAttempt, Notebook, NotebookRun


@admin.register(Notebook)
class NotebookAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "slug", "lesson", "archived", "updated_at")
    list_filter = ("archived",)
    search_fields = ("title", "slug")
    exclude = ("cells", "source")


@admin.register(NotebookRun)
class NotebookRunAdmin(admin.ModelAdmin):
    list_display = (
        "notebook",
        "params_key",
        "data_as_of",
        "status",
        "published",
        "created_at",
        "finished_at",
    )
    list_filter = ("status", "published")
    search_fields = ("notebook__slug", "params_key")
    readonly_fields = [f.name for f in NotebookRun._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExerciseAttempt)
class ExerciseAttemptAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("user", "notebook", "exercise_key", "correct", "created_at")
    list_filter = ("correct",)
