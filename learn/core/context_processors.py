from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """The site's name, and the content problems the development auto-sync found (shown in a banner)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "content_problems": getattr(request, "content_problems", []),
    }
