"""SQLite, the default database, under concurrent use: a file database (not the in-memory
test database) in a separate process, several threads each with its own connection, as
gunicorn's workers would have.

* Two curators save the same plan at the same moment, 20 times: each time one save wins
  and the other gets the admin's "someone else saved this plan" message, never a 500.
* A catalog load of 300 plans (one long write transaction, in another process) while
  threads browse: every page answers, none with a 500, and the new plans appear once the
  load commits.
"""

import json
import os

import pytest

from tests.processes import run_python

COMMON = r"""
import json, sys, threading, time
from html.parser import HTMLParser

import django
django.setup()
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)
call_command("load_catalog", verbosity=0)
curator = User.objects.create_superuser("curator", "curator@example.org", "x" * 20)


class FormFields(HTMLParser):
    # What a browser would post back from the page's main form.
    def __init__(self):
        super().__init__()
        self.fields, self.select, self.textarea, self.in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None, None]
        elif tag == "option" and self.select is not None:
            if self.select[2] is None:
                self.select[2] = a.get("value", "")
            if "selected" in a:
                self.select[1] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self.textarea = [a["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select" and self.select is not None:
            name, chosen, _ = self.select
            if chosen is not None:
                self.fields.append((name, chosen))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None


def form_data(html):
    parser = FormFields()
    parser.feed(html)
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data
"""

SAVES = r"""
from carriers.models import Plan

plan = Plan.objects.order_by("pk").first()
url = f"/admin/carriers/plan/{plan.pk}/change/"
rounds = []
for n in range(20):
    clients = [Client(raise_request_exception=False) for _ in (0, 1)]  # a 500 is an answer
    forms = []
    for c in clients:
        c.force_login(curator)
        page = c.get(url)
        assert page.status_code == 200, page.status_code
        forms.append(form_data(page.content.decode()))
    barrier = threading.Barrier(2)
    answers = [None, None]

    def save(i):
        data = dict(forms[i], price=[f"{10 + n}.{i}0"], _save=["Save"])
        barrier.wait()
        response = clients[i].post(url, data)
        text = response.content.decode()
        answers[i] = {
            "status": response.status_code,
            "conflict": "Someone else saved this plan while you were editing it" in text,
            "locked": "database is locked" in text,
        }

    threads = [threading.Thread(target=save, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    plan.refresh_from_db()
    rounds.append({"answers": answers, "price": str(plan.price), "version": plan.version})
result["saves"] = rounds
"""

LOAD = r"""
import subprocess, tomllib
from pathlib import Path

import tomli_w

copies = int(sys.argv[1])
target = Path(sys.argv[2])
starter = tomllib.loads(Path("carriers/catalog/starter.toml").read_text())
plans = starter["plan"]
starter["plan"] = [
    {**p, "slug": f"{p['slug']}-copy{i}", "name": f"{p['name']} #{i}"}
    for i in range(copies // len(plans) + 1) for p in plans
][:copies]
target.write_bytes(tomli_w.dumps(starter).encode())
from carriers.models import Plan

before = Plan.objects.count()

loader = subprocess.Popen(
    [sys.executable, "manage.py", "load_catalog", "--file", str(target)],
    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
)
statuses, timings = [], []
urls = ["/en/plans/", "/en/", "/healthz", "/en/compare/?usage=1,2&start=2026-01"]


def browse(k):
    c = Client(raise_request_exception=False)  # a 500 is counted, not raised
    while loader.poll() is None:
        url = urls[k % len(urls)]
        started = time.monotonic()
        response = c.get(url)
        statuses.append(response.status_code)
        timings.append((url, round(time.monotonic() - started, 3)))


threads = [threading.Thread(target=browse, args=(k,)) for k in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
output = loader.communicate()[0]
after = Plan.objects.count()
result["load"] = {
    "loader": loader.returncode, "output": output[-2000:], "statuses": statuses,
    "before": before, "after": after, "timings": timings,
}
"""

# One process, one migrated database: the saves, then the load.
PROBE = COMMON + "result = {}\n" + SAVES + LOAD + "print(json.dumps(result))\n"
COPIES = 300


def run_probe(script, tmp_path, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'concurrent.sqlite3'}",
        RATE_LIMIT_SIMULATIONS="",
    )
    result = run_python("-c", script, *args, env=env)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def probe(tmp_path_factory):
    folder = tmp_path_factory.mktemp("concurrency")
    return run_probe(PROBE, folder, str(COPIES), str(folder / "many.toml"))


@pytest.fixture(scope="module")
def saves(probe):
    return probe["saves"]


def test_two_curators_saving_one_plan_at_once_get_one_save_and_one_conflict_20_times(saves):
    assert len(saves) == 20
    for n, round_ in enumerate(saves):
        answers = sorted(round_["answers"], key=lambda a: a["status"])
        assert answers[0] == {"status": 200, "conflict": True, "locked": False}, (n, round_)
        assert answers[1] == {"status": 302, "conflict": False, "locked": False}, (n, round_)


def test_each_round_saves_exactly_once_and_keeps_the_winners_price(saves):
    versions = [r["version"] for r in saves]
    assert versions == list(range(versions[0], versions[0] + 20))
    for n, round_ in enumerate(saves):
        winner = next(i for i, a in enumerate(round_["answers"]) if a["status"] == 302)
        assert round_["price"] == f"{10 + n}.{winner}0"


def test_a_catalog_load_while_people_browse_answers_every_page(probe):
    report = probe["load"]
    assert report["loader"] == 0, report["output"]
    assert len(report["statuses"]) >= 20, report["timings"]  # pages were served meanwhile
    assert set(report["statuses"]) == {200}
    assert report["after"] == report["before"] + COPIES
