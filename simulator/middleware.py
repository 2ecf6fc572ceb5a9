"""Bounds every request is held to before a view reads it.

* Methods: the site uses GET, HEAD and POST; any other (TRACE, PUT, OPTIONS …) is a 405.
* The API's POST bodies: a declared length (a chunked body is a 411: behind nginx it arrives
  with its length, see deploy/), at most ``MAX_API_BODY`` bytes (413, before the body is
  read), and ``application/json`` in UTF-8 (415): a form post from another site — the API
  takes no cookies and no CSRF token — cannot run simulations in its visitors' browsers.
* The API answers these, and its 404s and 405s, in its error shape
  ``{"detail", "errors": [{"field", "code", "message"}]}``; the pages in plain text.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
METHODS = ("GET", "HEAD", "POST")

# The largest valid request is a simulate of a custom plan with every field at its bound:
# 36 months of usage and of days, 50 promotions, every number at its maximum (8 digits of MB,
# "999999.99"), and every text at its longest (plan and promotion names 150 characters, the
# benefit 50, the slug 100) written as astral characters, which a JSON encoder that escapes
# to ASCII (Python's default) writes as 12 bytes each ("\ud83d\ude00"). Measured: 99,833
# bytes compact, 106,915 indented by 4 spaces (tests/test_api_limits.py builds it and checks
# it is accepted). 128 KiB leaves room for any indentation a client's encoder adds.
MAX_API_BODY = 128 * 1024


def api_error(status: int, detail: str, field: str, code: str, message: str) -> JsonResponse:
    body = {"detail": detail, "errors": [{"field": field, "code": code, "message": message}]}
    return JsonResponse(body, status=status)


class RequestBoundsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        api = request.path.startswith(API_PREFIX)
        refusal = self.refuse(request, api)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        if api and response.status_code in (404, 405) and not _is_json(response):
            response = self.api_answer(response)
        return response

    def refuse(self, request, api: bool) -> HttpResponse | None:
        if request.method not in METHODS:
            return self.not_allowed(request, api)
        if request.method != "POST":
            return None
        chunked = request.META.get("HTTP_TRANSFER_ENCODING", "").strip().lower()
        if chunked and chunked != "identity" and not request.META.get("CONTENT_LENGTH"):
            message = _("Send the body with a Content-Length, not in chunks.")
            if api:
                return api_error(411, "Length required.", "body", "length_required", message)
            return HttpResponse(message, status=411, content_type="text/plain; charset=utf-8")
        if api:
            return self.refuse_api_body(request)
        return None

    def refuse_api_body(self, request) -> JsonResponse | None:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not declared.isascii() or not declared.isdigit():
            return api_error(
                400,
                "The body must be a JSON object.",
                "body",
                "bad_length",
                "The Content-Length header is not a number.",
            )
        if int(declared) > MAX_API_BODY:
            return api_error(
                413,
                "The body is too large.",
                "body",
                "too_large",
                f"A request is at most {MAX_API_BODY:,} bytes; this one is {int(declared):,}.",
            )
        kind, params = request.content_type.lower(), request.content_params
        charset = (params.get("charset") or "utf-8").lower().replace("_", "-")
        if kind != "application/json" or charset not in ("utf-8", "utf8"):
            return api_error(
                415,
                "The body must be JSON.",
                "body",
                "unsupported_media_type",
                "Send Content-Type: application/json (UTF-8).",
            )
        return None

    def not_allowed(self, request, api: bool) -> HttpResponse:
        allowed = ", ".join(METHODS)
        if api:
            response = api_error(
                405,
                "Method not allowed.",
                "method",
                "method_not_allowed",
                f"{request.method[:20]} is not used here; use {allowed}.",
            )
        else:
            response = HttpResponse(
                _("This method is not allowed here."),
                status=405,
                content_type="text/plain; charset=utf-8",
            )
        response["Allow"] = allowed
        return response

    def api_answer(self, response) -> JsonResponse:
        """The API's own 404 and 405 (an unknown path, GET on a POST endpoint) as JSON."""
        if response.status_code == 404:
            answer = api_error(
                404, "Not found.", "path", "not_found", "No API endpoint has this path."
            )
        else:
            allowed = response.get("Allow", "")
            answer = api_error(
                405,
                "Method not allowed.",
                "method",
                "method_not_allowed",
                f"This endpoint takes {allowed}." if allowed else "Method not allowed.",
            )
            if allowed:
                answer["Allow"] = allowed
        return answer


def _is_json(response) -> bool:
    return response.get("Content-Type", "").startswith("application/json")
