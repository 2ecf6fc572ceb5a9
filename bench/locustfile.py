"""Load test users for bench/loadtest.sh (locust, headless, against 127.0.0.1 only).

SiteUser: the mix real visitors make — the home form, result pages, compare, plan pages
and the API's simulate. FloorUser: the same number of users on the site's cheapest page,
the floor the others are measured against.
"""

import json
import os
import random

from locust import HttpUser, between, tag, task

PLANS = [
    "t-mobile-data-stash-2016",
    "att-mobile-share-advantage-10gb",
    "fizz-rollover",
    "china-mobile-monthly-rollover",
    "smart-magic-data-99",
    "telstra-prepaid-max-data-bank",
    "sky-mobile-piggybank-5gb-2017",
    "mint-unlimited",
]
FLOOR_PATH = os.environ.get("FLOOR_PATH", "/en/plans/fizz-rollover/")


def usage(rng: random.Random, months: int) -> str:
    figures = [f"{rng.uniform(0, 30):.1f}" for _ in range(months)]
    if months > 3:
        figures[rng.randrange(months)] = ""  # a month not renewed
    return ", ".join(figures)


class SiteUser(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.rng = random.Random()

    @tag("mix")
    @task(2)
    def home(self):
        self.client.get("/en/", name="home")

    @tag("mix", "result")
    @task(6)
    def result_page(self):
        months = self.rng.choice((6, 12, 24, 36))
        params = {
            "plan": self.rng.choice(PLANS),
            "start": "2026-01",
            "months": months,
            "usage": usage(self.rng, months),
        }
        self.client.get("/en/", params=params, name="result page")

    @tag("mix")
    @task(2)
    def compare_page(self):
        params = {"start": "2026-01", "months": 12, "usage": usage(self.rng, 12)}
        self.client.get("/en/compare/", params=params, name="compare page")

    @tag("mix")
    @task(2)
    def plan_pages(self):
        self.client.get("/en/plans/", name="plan list")
        self.client.get(f"/en/plans/{self.rng.choice(PLANS)}/", name="plan page")

    @tag("mix")
    @task(3)
    def api_simulate(self):
        body = {
            "plan": self.rng.choice(PLANS),
            "start": "2026-01",
            "usage_mb": [self.rng.randint(0, 30000) for _ in range(12)],
        }
        self.client.post(
            "/api/v1/simulate",
            data=json.dumps(body),
            headers={"Content-Type": "application/json"},
            name="API simulate",
        )


class FloorUser(HttpUser):
    wait_time = between(0.5, 1.5)

    @tag("floor")
    @task
    def floor(self):
        self.client.get(FLOOR_PATH, name="floor")
