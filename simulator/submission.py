"""What makes a request to a public page a submitted form: a request holding none of these
fields is the empty form (free to open; only a submission runs the engine and counts
against the rate limit). The form and the rate limit both read this one definition."""

SUBMIT_FIELDS = ("start", "months", "usage", "same", "preset")


def submitted(request) -> bool:
    return any(name in request.GET for name in SUBMIT_FIELDS)
