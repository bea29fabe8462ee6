"""Admin views of sessions for coordinators: read and search. Changes that people must
hear about (a new time, a cancellation, a seat) go through the pages that call
actions.py, so the admin shows those fields read-only."""

from django.contrib import admin

from alliance.meetings.models import AgendaItem, Registration, Series, Session


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["topic", "starts_at", "time_zone", "status", "capacity", "visibility"]
    list_filter = ["status", "visibility", "working_format"]
    search_fields = ["topic"]
    date_hierarchy = "starts_at"
    readonly_fields = ["starts_at", "time_zone", "duration_minutes", "status", "capacity", "series",
                       "occurrence", "sequence", "uid"]
    filter_horizontal = ["moderators", "scribes", "ecosystems"]
    inlines = [AgendaItemInline]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "rule", "start_date", "start_time", "time_zone", "generated_until"]
    readonly_fields = ["rule", "start_date", "start_time", "time_zone", "exdates", "generated_until", "uid"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["person", "session", "status", "wants_floor", "registered_at", "attended_at"]
    list_filter = ["status", "wants_floor"]
    search_fields = ["person__name", "person__email", "session__topic"]
    list_select_related = ["person", "session"]
    raw_id_fields = ["person", "organisation", "session"]
    readonly_fields = ["status", "queued_at", "confirmed_at", "cancelled_at"]
