from django.contrib import admin

from learn.lessons.models import GlossaryTerm, LearningOutcome, Lesson, Track

# Content is edited as files in content/ and imported by sync_content; the admin is for looking.
READ_ONLY_NOTE = "Edit the file in content/ and run sync_content; changes made here would be overwritten."


class OutcomeInline(admin.TabularInline):
    model = LearningOutcome
    fields = ("code", "text", "archived")
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "slug", "order", "archived")
    list_filter = ("archived",)
    readonly_fields = ("source_path", "source_hash", "renderer_version")


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "track", "order", "minutes", "archived", "updated_at")
    list_filter = ("track", "archived")
    search_fields = ("title", "slug")
    inlines = [OutcomeInline]
    readonly_fields = ("source_path", "source_hash", "renderer_version", "body_html")
    exclude = ("body_text", "toc")


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ("term", "slug", "archived")
    list_filter = ("archived",)
    search_fields = ("term", "definition")
