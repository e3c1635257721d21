"""The admin shows imported content read-only: it is edited as files in content/ and imported by
sync_content, which would overwrite any change made here."""

from django.contrib import admin

from learn.lessons.models import GlossaryTerm, LearningOutcome, Lesson, Track


class ReadOnly:
    """Look, do not touch: no add, change or delete, for anyone (superusers included)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class OutcomeInline(ReadOnly, admin.TabularInline):
    model = LearningOutcome
    fields = ("code", "text", "archived")
    extra = 0


@admin.register(Track)
class TrackAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("code", "title", "slug", "order", "archived")
    list_filter = ("archived",)


@admin.register(Lesson)
class LessonAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("title", "track", "order", "minutes", "archived", "updated_at")
    list_filter = ("track", "archived")
    search_fields = ("title", "slug")
    inlines = [OutcomeInline]
    exclude = ("body_text", "toc")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("term", "slug", "archived")
    list_filter = ("archived",)
    search_fields = ("term", "definition")
