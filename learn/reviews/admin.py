"""Learners' cards and reviews in the admin, read-only: the admin is for looking into a learner's
question (support, debugging), and a hand edit would break the history FSRS schedules from."""

from django.contrib import admin

from learn.lessons.admin import ReadOnly
from learn.reviews.models import Card, ReviewLog


@admin.register(Card)
class CardAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("user", "question", "state", "due", "reps", "lapses", "suspended", "leech")
    list_filter = ("state", "suspended", "leech", "question__lesson__track")
    search_fields = ("user__username", "question__qid")
    list_select_related = ("user", "question")
    date_hierarchy = "due"


@admin.register(ReviewLog)
class ReviewLogAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("reviewed_at", "user", "question", "rating", "correct", "duration_ms", "was_new")
    list_filter = ("rating", "correct", "was_new", "mature", "first_of_day")
    search_fields = ("user__username", "question__qid")
    list_select_related = ("user", "question")
    date_hierarchy = "reviewed_at"
