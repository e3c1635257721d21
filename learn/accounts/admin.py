from django.contrib import admin

from learn.accounts.models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "time_zone", "daily_goal_minutes")
    raw_id_fields = ("user",)
