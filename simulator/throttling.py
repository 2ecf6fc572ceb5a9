"""Per-client rate limits on the pages and endpoints that run the engine.

One mechanism for the API and the web pages: django-ninja's sliding-window throttle, kept
in Django's default cache and keyed by the client's address (``NINJA_NUM_PROXIES`` says how
many proxies' ``X-Forwarded-For`` entries to trust). With the default in-process cache each
server process counts on its own; configure a shared cache (``CACHE_URL``, see the
deployment notes) to count across processes and machines.
"""

from __future__ import annotations

import math
import threading
from functools import wraps

from django.conf import settings
from django.shortcuts import render
from ninja.throttling import SimpleRateThrottle

from .forms import submitted


def _per_thread(name):
    """An attribute kept per thread: django-ninja keeps one throttle instance per endpoint
    and the throttle stores its request's state on ``self``, which threads would share."""
    return property(
        lambda self: getattr(self._state, name, None),
        lambda self, value: setattr(self._state, name, value),
    )


class SimulationThrottle(SimpleRateThrottle):
    """``RATE_LIMIT_SIMULATIONS`` (e.g. "60/min") simulations per client, API and pages."""

    scope = "simulations"
    rate = _per_thread("rate")
    num_requests = _per_thread("num_requests")
    duration = _per_thread("duration")
    key = _per_thread("key")
    history = _per_thread("history")
    now = _per_thread("now")

    def __init__(self):
        # The rate is read on each request (not at import), so settings can change it.
        self._state = threading.local()

    def allow_request(self, request):
        self.rate = settings.RATE_LIMIT_SIMULATIONS
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def throttled(view):
    """Refuse a client over its limit with 429 and Retry-After, before any engine work.
    Only a submitted form counts: the empty form is free."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if submitted(request):
            throttle = SimulationThrottle()
            if not throttle.allow_request(request):
                wait = max(1, math.ceil(throttle.wait() or 1))
                response = render(request, "429.html", {"wait": wait}, status=429)
                response["Retry-After"] = str(wait)
                return response
        return view(request, *args, **kwargs)

    return wrapper
