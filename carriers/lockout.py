"""Who is knocking: the client address the admin lockout and the rate limits key on, and the
lockout's two limits (per username and address, and per address across usernames).

The client address
    ``REMOTE_ADDR``, unless the request came from a trusted proxy (``TRUSTED_PROXIES``, by
    default the loopback addresses when ``NUM_PROXIES`` > 0; a unix-socket peer too): then
    the address that proxy wrote into ``X-Forwarded-For``, walking at most ``NUM_PROXIES``
    hops from the right and only while each hop is itself trusted. Entries a client wrote
    into the header are never believed: a client that reaches the application directly (not
    through a trusted proxy) is its ``REMOTE_ADDR``, whatever header it sends; nginx
    (deploy/) overwrites the header.

The lockout (django-axes)
    ``AXES_FAILURE_LIMIT`` failures for one username from one address lock that pair out;
    ``AXES_ADDRESS_FAILURE_LIMIT`` failures from one address, whatever the usernames, lock the
    address out of the login (password spraying). Both for ``AXES_COOLOFF_TIME`` after the last
    failure. A locked-out attempt is refused by axes' backend, which comes first in
    ``AUTHENTICATION_BACKENDS``: before any password is hashed.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((text or "").strip())
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address for the lockout and the rate limits (see the module's text)."""
    raw = request.META.get("REMOTE_ADDR") or ""
    client = _address(raw)
    trusted = _networks(tuple(settings.TRUSTED_PROXIES))
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for _ in range(settings.NUM_PROXIES):
        # A peer with no address came through a unix socket: the proxy on this machine (the
        # socket's permissions decide who may connect), as gunicorn also takes it.
        if client is not None and not any(client in network for network in trusted):
            break
        if not hops:
            break
        forwarded = _address(hops.pop())
        if forwarded is None:  # a proxy of ours never writes that: keep the proxy's address
            break
        client = forwarded
    return str(client) if client is not None else (raw or None)


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a second limit: failures from one address, whatever the
    usernames. axes applies one limit to all its parameter groups, so the per-address count is
    added here; ``AXES_LOCKOUT_PARAMETERS`` stays the (username, address) pair, so a successful
    login resets that pair only and never the address's count of a spray."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if pair >= limit:
            return pair
        address = (
            AccessAttempt.objects.filter(
                ip_address=request.axes_ip_address,
                attempt_time__gte=get_cool_off_threshold(request),
            ).aggregate(failures=Sum("failures_since_start"))["failures"]
            or 0
        )
        # Over the address's limit: report the pair as at its own, so axes locks it out.
        return max(pair, limit) if address >= settings.AXES_ADDRESS_FAILURE_LIMIT else pair
