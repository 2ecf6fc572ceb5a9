"""Per-client rate limits on the pages and endpoints that run the engine.

``RATE_LIMIT_SIMULATIONS`` (e.g. "60/min") simulations per client and fixed window, one
allowance shared by the API (simulate, compare) and the pages (a submitted form, compare,
CSV). Counted atomically in Django's default cache: ``cache.add`` opens the window's counter
and ``cache.incr`` counts (Redis INCR, memcached incr, a lock in the in-process cache), so
any number of server processes sharing one cache (``CACHE_URL``, Redis in production) let a
client through exactly the configured number of times per window. The in-process default
counts per process, which is fine for development.

Windows are aligned to the clock (12:00:00–12:00:59 for "/min"): a client may spend one
allowance at the end of a window and the next at the start of the following one. The client
is ``carriers.lockout.client_ip`` (X-Forwarded-For only from a trusted proxy), an IPv6
client by its /64 network (one subscriber's usual allocation).
"""

from __future__ import annotations

import ipaddress
import logging
import math
import threading
import time
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from ninja.throttling import BaseThrottle

from carriers.lockout import client_ip
from config import rates

from .submission import submitted

log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/min" → (60, 60): requests, and the window in seconds (``config.rates``, the
    settings' own parser)."""
    return rates.parse_rate(rate)


def client_key(request) -> str:
    address = client_ip(request) or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def now() -> float:
    return time.time()


def _count(key: str, timeout: int) -> int:
    """Add one to the counter at ``key``, creating it; atomic in a shared cache."""
    for _ in range(2):
        if cache.add(key, 1, timeout=timeout):
            return 1
        try:
            return cache.incr(key)
        except ValueError:  # expired or evicted between add and incr: open it again
            continue
    return 1


def hit(request) -> float | None:
    """Count one simulation for this request's client. None when it may run, else the
    seconds until its window ends (for Retry-After)."""
    rate = settings.RATE_LIMIT_SIMULATIONS
    if not rate:
        return None
    limit, period = parse_rate(rate)
    moment = now()
    window = int(moment // period)
    key = f"ratelimit:simulations:{period}:{window}:{client_key(request)}"
    try:
        # Kept for two windows: a counter never expires while its own window is current.
        count = _count(key, timeout=2 * period)
    except Exception:  # the shared cache is down: serve the page rather than fail it
        log.exception("Rate limit not counted: the cache is unavailable")
        return None
    if count <= limit:
        return None
    return (window + 1) * period - moment


def retry_after(wait: float | None) -> int:
    return max(1, math.ceil(wait or 1))


class SimulationThrottle(BaseThrottle):
    """The API's side of the limit. django-ninja keeps one instance per endpoint and asks
    ``wait()`` after ``allow_request()``: the wait is kept per thread."""

    def __init__(self):
        self._state = threading.local()

    def allow_request(self, request) -> bool:
        self._state.wait = hit(request)
        return self._state.wait is None

    def wait(self) -> float | None:
        return getattr(self._state, "wait", None)


def throttled(view):
    """The pages' side: refuse a client over its limit with the 429 page and Retry-After,
    before any engine work. Only a submitted form counts: the empty form is free."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if submitted(request):
            wait = hit(request)
            if wait is not None:
                seconds = retry_after(wait)
                response = render(request, "429.html", {"wait": seconds}, status=429)
                response["Retry-After"] = str(seconds)
                return response
        return view(request, *args, **kwargs)

    return wrapper
