"""Deployment checks (``manage.py check --deploy``) for what the catalog's admin relies on.

``rollover.W001``: ``NUM_PROXIES`` is 0. In production the application always runs behind a
proxy (``gunicorn.conf.py`` binds only to loopback or a unix socket; nginx in ``deploy/``),
so with 0 every request's client address is the proxy's own: every visitor shares one
rate-limit allowance, and one password sprayer locks the admin login for every curator
(``carriers.lockout.client_ip``; docs/production.md, "Who is believed")."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_proxies_are_counted(app_configs, **kwargs) -> list[Warning]:
    if settings.NUM_PROXIES > 0:
        return []
    return [
        Warning(
            "NUM_PROXIES is 0: behind nginx every client has the proxy's address, so all "
            "visitors share one rate-limit allowance and one password sprayer locks the "
            "admin login for every curator.",
            hint=(
                "Set NUM_PROXIES to the number of proxies in front of the application that "
                "write X-Forwarded-For (1 with deploy/nginx-site.conf), and TRUSTED_PROXIES "
                "to their addresses if they are not on this machine (default 127.0.0.1,::1). "
                "See docs/production.md, 'Who is believed'."
            ),
            id="rollover.W001",
        )
    ]
