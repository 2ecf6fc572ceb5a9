"""The Chinese catalog (``locale/zh_Hans/LC_MESSAGES/django.po``) is whole and safe to show:

1. every message is translated and none is fuzzy (a fuzzy translation is not used: the
   reader would get English);
2. no translation, and no template or Python source of ours, holds an invisible character
   (zero-width spaces, joiners, direction marks, the BOM);
3. every translation keeps exactly the placeholders (and HTML tags) of its message, so
   formatting it neither fails nor drops a figure;
4. the catalog has every message the code marks for translation: ``makemessages`` run on a
   copy of the project finds nothing that is not in it, and no message is marked inside an
   f-string, where ``makemessages`` (xgettext) does not see it.

The catalog is read with the small parser below (the project does not depend on polib).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.text import INVISIBLE

ROOT = Path(__file__).resolve().parent.parent
CATALOG = Path("locale", "zh_Hans", "LC_MESSAGES", "django.po")
# Folders that are not ours: virtualenvs, collected static files, caches, test output.
NOT_OURS = {
    ".git",
    ".venv",
    ".venv-load",
    "staticfiles",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "test-results",
}
# %(name)s-style (python-format, and what blocktranslate makes of {{ name }}), positional
# %s / %d, and {name} (python-brace-format).
NAMED = re.compile(r"%\((\w+)\)[#0 +\-]*\d*(?:\.\d+)?[sdifr]")
POSITIONAL = re.compile(r"(?<!%)%[#0 +\-]*\d*(?:\.\d+)?[sdifr]")
BRACES = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


@dataclass
class Message:
    line: int
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    translations: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.context, self.msgid, self.plural)

    def __str__(self) -> str:
        context = f" [{self.context}]" if self.context else ""
        return f"line {self.line}{context}: {self.msgid!r}"


def unquote(text: str) -> str:
    """The value of one quoted PO string ("…" with C escapes; the text is UTF-8)."""
    body = text.strip()
    assert body.startswith('"') and body.endswith('"'), body
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), body[1:-1])


def read_catalog(text: str) -> list[Message]:
    """The messages of a .po file (the header, msgid "", first), obsolete ones (#~) left out."""
    messages: list[Message] = []
    current: Message | None = None
    target = None  # which part the next "…" continuation line belongs to

    def start(line_number: int) -> Message:
        nonlocal current
        if current is None or current.msgid or current.translations:
            current = Message(line=line_number)
            messages.append(current)
        return current

    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            current, target = None, None
        elif line.startswith("#,"):
            start(number).flags.update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            continue  # comments, locations, previous msgids (#|) and obsolete entries (#~)
        elif line.startswith("msgctxt "):
            start(number).context, target = unquote(line[8:]), "context"
        elif line.startswith("msgid_plural "):
            current.plural, target = unquote(line[13:]), "plural"
        elif line.startswith("msgid "):
            message = start(number)
            message.line, message.msgid, target = number, unquote(line[6:]), "msgid"
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            current.translations[index] = unquote(line[line.index("]") + 1 :])
            target = index
        elif line.startswith("msgstr "):
            current.translations[0], target = unquote(line[7:]), 0
        elif line.startswith('"'):
            if isinstance(target, int):
                current.translations[target] += unquote(line)
            else:
                setattr(current, target, getattr(current, target) + unquote(line))
        else:
            raise AssertionError(f"line {number} is not PO syntax: {line!r}")
    return messages


def messages_in(path: Path) -> list[Message]:
    """The messages of a catalog, without its header."""
    return [m for m in read_catalog(path.read_text(encoding="utf-8")) if m.msgid]


def header_of(path: Path) -> str:
    return next(
        m for m in read_catalog(path.read_text(encoding="utf-8")) if not m.msgid
    ).translations[0]


def placeholders(text: str) -> tuple[set[str], list[str], set[str]]:
    """Named placeholders, positional ones in order, and {braced} ones of a message."""
    without_escapes = text.replace("%%", "")
    return (
        set(NAMED.findall(without_escapes)),
        POSITIONAL.findall(NAMED.sub("", without_escapes)),
        set(BRACES.findall(text)),
    )


def our_sources() -> list[Path]:
    """Every template and Python module of ours (and the other text files the site serves
    or loads: scripts, styles, the starter catalog)."""
    found = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if any(part in NOT_OURS for part in parts) or not path.is_file():
            continue
        if path.suffix in {".py", ".html", ".txt", ".js", ".css", ".toml"}:
            found.append(path)
    return sorted(found)


@pytest.fixture(scope="module")
def catalog() -> list[Message]:
    return messages_in(ROOT / CATALOG)


# --------------------------------------------------------------------------- the parser


def test_the_parser_reads_contexts_plurals_continuations_flags_and_escapes():
    text = "\n".join(
        [
            'msgid ""',
            'msgstr ""',
            '"Plural-Forms: nplurals=1; plural=0;\\n"',
            "",
            "#: simulator/pages.py:1",
            "#, fuzzy, python-format",
            '#| msgid "old"',
            'msgctxt "between plan names"',
            'msgid ""',
            '"Say \\"%(name)s\\" "',
            '"twice"',
            'msgid_plural "Say %(count)s times"',
            'msgstr[0] "说“%(name)s”"',
            '"%(count)s 次"',
            "",
            '#~ msgid "gone"',
            '#~ msgstr "已删除"',
        ]
    )
    header, message = read_catalog(text)
    assert header.translations[0] == "Plural-Forms: nplurals=1; plural=0;\n"
    assert message.context == "between plan names"
    assert message.msgid == 'Say "%(name)s" twice'
    assert message.plural == "Say %(count)s times"
    assert message.translations == {0: "说“%(name)s”%(count)s 次"}
    assert message.flags == {"fuzzy", "python-format"}


def test_placeholders_are_named_positional_and_braced_and_a_percent_sign_is_none():
    assert placeholders("%(gb)s of %(total).2f, %s then %d, {name} and 100%% {{x}}") == (
        {"gb", "total"},
        ["%s", "%d"],
        {"name"},
    )


# --------------------------------------------------------------------------- the catalog


def test_the_chinese_catalog_has_one_plural_form(catalog):
    assert "Plural-Forms: nplurals=1; plural=0;" in header_of(ROOT / CATALOG)
    plurals = [m for m in catalog if m.plural is not None]
    assert plurals, "the catalog has plural messages"
    assert [str(m) for m in plurals if set(m.translations) != {0}] == []


def test_every_message_in_the_chinese_catalog_is_translated_and_not_fuzzy(catalog):
    assert len(catalog) > 500
    untranslated = [str(m) for m in catalog if not all(m.translations.values())]
    fuzzy = [str(m) for m in catalog if "fuzzy" in m.flags]
    assert untranslated == []
    assert fuzzy == []


def test_no_chinese_translation_holds_an_invisible_character(catalog):
    found = [
        f"{m}: U+{ord(INVISIBLE.search(t).group()):04X}"
        for m in catalog
        for t in m.translations.values()
        if INVISIBLE.search(t)
    ]
    assert found == []


def test_no_template_or_python_source_of_ours_holds_an_invisible_character():
    sources = our_sources()
    assert ROOT / "templates" / "base.html" in sources
    assert ROOT / "simulator" / "explain.py" in sources
    found = []
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if match := INVISIBLE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: U+{ord(match.group()):04X}")
    assert found == []


def test_every_chinese_translation_keeps_the_placeholders_of_its_message(catalog):
    wrong = []
    for m in catalog:
        named, positional, braced = placeholders(m.msgid)
        if m.plural is not None:
            # One form serves every count, so it may name what either English form names.
            p_named, positional, p_braced = placeholders(m.plural)
            named, braced = named | p_named, braced | p_braced
        for translation in m.translations.values():
            if placeholders(translation) != (named, positional, braced):
                wrong.append(f"{m} → {translation!r}")
    assert wrong == []


def test_every_python_format_translation_formats_without_error(catalog):
    failed = []
    for m in catalog:
        if "python-format" not in m.flags:
            continue
        names = placeholders(m.msgid)[0] | placeholders(m.plural or "")[0]
        for translation in m.translations.values():
            try:
                if names:
                    translation % dict.fromkeys(names, 1)
                elif POSITIONAL.search(translation):
                    translation % ((1,) * len(POSITIONAL.findall(translation)))
            except (KeyError, TypeError, ValueError) as exc:
                failed.append(f"{m}: {exc!r}")
    assert failed == []


def test_every_chinese_translation_keeps_the_html_tags_of_its_message(catalog):
    wrong = [
        f"{m} → {t!r}"
        for m in catalog
        for t in m.translations.values()
        if Counter(HTML_TAG.findall(t)) != Counter(HTML_TAG.findall(m.plural or m.msgid))
    ]
    assert wrong == []


# --------------------------------------------------------------------------- the code


@pytest.fixture(scope="module")
def messages_in_the_code(tmp_path_factory) -> list[Message]:
    """What ``makemessages`` finds in the code today, run as the project runs it, on a copy
    of the project (the real catalog is never written)."""
    if shutil.which("xgettext") is None:  # pragma: no cover - make test installs gettext
        pytest.fail("xgettext is missing: install gettext (make test does)")
    copy = tmp_path_factory.mktemp("project") / "main"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda folder, names: [
            n for n in names if n in NOT_OURS or n.endswith((".sqlite3", ".mo"))
        ],
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "zh_Hans",
            "--ignore=.venv",
            "--ignore=.venv-load",
            "--ignore=staticfiles",
            "--no-obsolete",
            "-v0",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    return messages_in(copy / CATALOG)


def test_the_chinese_catalog_has_every_message_the_code_marks_for_translation(
    catalog, messages_in_the_code
):
    assert len(messages_in_the_code) > 500
    have = {m.key for m in catalog}
    missing = [str(m) for m in messages_in_the_code if m.key not in have]
    assert missing == [], (
        "messages marked in the code but not in the catalog: run `manage.py makemessages -l "
        "zh_Hans --ignore=.venv --ignore=.venv-load --ignore=staticfiles --no-obsolete` and "
        "translate them"
    )


GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def marked_in_f_strings(source: str) -> list[tuple[int, str]]:
    """Where ``source`` calls gettext inside an f-string: xgettext reads an f-string as one
    string and never sees the message in it, so the reader gets it in English."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if isinstance(call, ast.Call):
                name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
                if name in GETTEXT_NAMES:
                    found.append((call.lineno, ast.unparse(call)))
    return found


def test_a_message_marked_inside_an_f_string_is_found():
    source = "x = f'<b>{escape(_(\"not renewed\"))}</b>'\ny = _('Month')\n"
    assert marked_in_f_strings(source) == [(1, "_('not renewed')")]


def test_no_python_source_of_ours_marks_a_message_inside_an_f_string():
    found = [
        f"{path.relative_to(ROOT)}:{line}: {call}"
        for path in our_sources()
        if path.suffix == ".py"
        for line, call in marked_in_f_strings(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "makemessages cannot see these: call gettext outside the f-string"
