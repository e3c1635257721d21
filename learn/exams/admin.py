"""Mock exam attempts in the admin, read-only, each with its answers: for looking into a learner's
question about a score, never for changing one."""

from django.contrib import admin
from django.db.models import Count, Q

from learn.exams.models import ExamAnswer, ExamAttempt
from learn.lessons.admin import ReadOnly


class ExamAnswerInline(ReadOnly, admin.TabularInline):
    model = ExamAnswer
    fields = ("position", "question", "answer_text", "correct", "answered_at")
    extra = 0


@admin.register(ExamAttempt)
class ExamAttemptAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("started_at", "user", "questions_count", "score", "finished_at", "deadline")
    list_filter = (("finished_at", admin.EmptyFieldListFilter), "started_at")
    search_fields = ("user__username",)
    list_select_related = ("user",)
    date_hierarchy = "started_at"
    exclude = ("questions",)
    inlines = [ExamAnswerInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(n=Count("answers"), right=Count("answers", filter=Q(answers__correct=True)))
        )

    @admin.display(description="questions", ordering="n")
    def questions_count(self, attempt: ExamAttempt) -> int:
        return attempt.n

    @admin.display(description="correct", ordering="right")
    def score(self, attempt: ExamAttempt) -> str:
        return f"{attempt.right} / {attempt.n}"
