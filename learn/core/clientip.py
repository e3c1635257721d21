"""The client's address behind the documented reverse proxy, for the log-in lockout (django-axes).

Each proxy appends the address it received the request from to ``X-Forwarded-For``; anything to the left
of our own proxies' entries was written by the client and can be forged. With ``CLIENT_IP_PROXY_COUNT``
proxies in front of the app (env ``AXES_PROXY_COUNT``), the client is the entry that many places from the
right. Without a proxy (the default), or when the header has fewer entries than there are proxies (the
request did not come through them), it is ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies = getattr(settings, "CLIENT_IP_PROXY_COUNT", 0)
    if not proxies:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return remote
    candidate = hops[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:  # not an address: a misconfigured proxy, never trust it
        return remote
