"""Turn an admin page's form into the POST a browser would send for it."""

import datetime


def browser_post_data(form, prefix_values=None) -> dict:
    """The fields of a rendered (unbound) form as a browser submits them: each value as its
    widget shows it (GB, not MB), unticked checkboxes left out."""
    data = {}
    for bound in form:
        value = bound.field.prepare_value(bound.value())
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, (list, tuple)):  # a multiple choice: one entry per ticked box
            if value:
                data[bound.html_name] = [str(v) for v in value]
            continue
        if value is None:
            value = ""
        elif isinstance(value, datetime.date):
            value = value.isoformat()
        elif hasattr(value, "pk"):
            value = value.pk
        data[bound.html_name] = str(value)
    data.update(prefix_values or {})
    return data
