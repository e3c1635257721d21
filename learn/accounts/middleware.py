"""Show dates and times in the signed-in learner's own time zone."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone

SESSION_KEY = "time_zone"


class TimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = None
        if request.user.is_authenticated:
            name = request.session.get(SESSION_KEY)
            if name is None:
                from learn.accounts.models import Profile

                name = Profile.for_user(request.user).time_zone
                request.session[SESSION_KEY] = name
        if name:
            try:
                timezone.activate(zoneinfo.ZoneInfo(name))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)
