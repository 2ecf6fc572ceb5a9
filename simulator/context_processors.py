from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def languages(request):
    """The language switcher: the same page and inputs, in each language; and for
    ``hreflang="x-default"`` the page without its language prefix (which redirects by the
    browser's language)."""
    current = get_language()
    path = request.get_full_path()
    prefix = f"/{current}/"
    return {
        "language_x_default": path[len(prefix) - 1 :] if path.startswith(prefix) else None,
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }
