"""The client address django-axes keys the admin lockout on (with the username).

Behind ``NUM_PROXIES`` proxies that each append to ``X-Forwarded-For``, the client is the
entry the outermost trusted proxy appended; entries to its left are whatever the client
sent and are not trusted. With no proxy (the default) it is ``REMOTE_ADDR``.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    remote_addr = request.META.get("REMOTE_ADDR")
    proxies = settings.LOCKOUT_NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote_addr
    addresses = [a.strip() for a in forwarded.split(",")]
    return addresses[-min(proxies, len(addresses))] or remote_addr
