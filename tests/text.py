"""Characters no text a reader sees should hold, for the tests that look for them."""

import re

# Zero-width space, non-joiner and joiner, left-to-right and right-to-left marks; line and
# paragraph separators and embedding marks; word joiner and invisible operators; the BOM.
INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
# The same, and the C0 and C1 control characters (a newline included): for one-line values
# such as a catalog's names and notes, not for translations or pages.
INVISIBLE_OR_CONTROL = re.compile(f"[\u0000-\u001f\u007f-\u009f]|{INVISIBLE.pattern}")
