"""The market-data store in the admin: look, or delete (a deleted range is fetched again next time)."""

from django.contrib import admin

from learn.market.models import DailyBar, FetchedRange


class ViewOrDelete:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FetchedRange)
class FetchedRangeAdmin(ViewOrDelete, admin.ModelAdmin):
    list_display = ("ticker", "start", "end", "rows", "fetched_at")
    list_filter = ("ticker",)
    search_fields = ("ticker",)


@admin.register(DailyBar)
class DailyBarAdmin(ViewOrDelete, admin.ModelAdmin):
    list_display = ("ticker", "date", "close", "adj_close", "volume", "fetched_at")
    list_filter = ("ticker",)
    search_fields = ("ticker",)
    date_hierarchy = "date"
