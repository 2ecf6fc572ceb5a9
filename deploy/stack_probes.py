"""The probes of deploy/stack-test.sh: what a careful tester did to the production stack,
replayed against nginx (TLS) → gunicorn → PostgreSQL + Redis on 127.0.0.1.

Each check prints its figures and a verdict; the exit status is the number of failed checks.
Every connection stays on the loopback range (127.0.0.0/8: a client's own address is chosen
from it to play several clients); every loop is bounded in count and time.

    python deploy/stack_probes.py --https PORT --http PORT --app PORT --cert FILE \
        --access-log FILE --rate 30 --workers 3

The curator's password comes from the environment (CURATOR_PASSWORD), never the command line:
a secret there is visible to every user of the machine, and one that begins with '-' would be
read as an option.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import http.client
import http.cookies
import json
import os
import re
import socket
import ssl
import statistics
import sys
import threading
import time
from collections import Counter

HOST = "127.0.0.1"
SIMULATE = "/api/v1/simulate"
BODY = json.dumps(
    {"custom_plan": {"currency": "USD", "price": "30.00", "allowance_mb": 10240}, "usage_mb": [1]}
).encode()
JSON = {"Content-Type": "application/json"}

failures: list[str] = []


def check(ok: bool, what: str) -> None:
    print(f"  [{'ok' if ok else 'FAILED'}] {what}")
    if not ok:
        failures.append(what)


class Stack:
    def __init__(self, args):
        self.args = args
        self.tls = ssl.create_default_context(cafile=args.cert)  # verifies the throwaway cert

    def connection(self, target="nginx", source=HOST, timeout=15.0):
        if target == "nginx":
            return http.client.HTTPSConnection(
                HOST, self.args.https, context=self.tls, timeout=timeout, source_address=(source, 0)
            )
        port = self.args.app if target == "app" else self.args.http
        return http.client.HTTPConnection(HOST, port, timeout=timeout, source_address=(source, 0))

    def request(
        self,
        method,
        path,
        *,
        target="nginx",
        source=HOST,
        body=None,
        headers=None,
        timeout=15.0,
        chunked=False,
    ):
        """One request on a new connection: (status, headers, body, seconds)."""
        conn = self.connection(target, source, timeout)
        started = time.monotonic()
        try:
            conn.request(method, path, body=body, headers=headers or {}, encode_chunked=chunked)
            response = conn.getresponse()
            data = response.read()
            return response.status, response.msg, data, time.monotonic() - started
        finally:
            conn.close()

    def slow_client(self, kind: str, target="nginx", source=HOST) -> socket.socket:
        """A connection that never finishes: headers cut short, or a body of Content-Length:
        100 with one byte sent."""
        port = self.args.https if target == "nginx" else self.args.app
        raw = socket.create_connection((HOST, port), timeout=10, source_address=(source, 0))
        sock = self.tls.wrap_socket(raw, server_hostname=HOST) if target == "nginx" else raw
        if kind == "headers":
            sock.sendall(b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1")
        else:
            sock.sendall(
                b"POST /api/v1/simulate HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"
            )
        return sock


def latencies(stack, path, samples, target="nginx", spacing=0.1, timeout=15.0):
    out = []
    for _ in range(samples):
        try:
            status, _, _, seconds = stack.request("GET", path, target=target, timeout=timeout)
            out.append((status, seconds))
        except (TimeoutError, OSError):
            out.append((None, timeout))
        time.sleep(spacing)
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


# --- (a) slow clients -------------------------------------------------------------------------


def probe_slow_clients(stack):
    print("\n(a) Slow clients: headers never finished, Content-Length: 100 with one byte sent")
    workers = stack.args.workers
    # Headers only: production redirects a plain-HTTP request before reading its body.
    held = [stack.slow_client("headers", target="app") for _ in range(workers)]
    time.sleep(0.5)
    status, seconds = latencies(stack, "/healthz", 1, target="app", timeout=2.0)[0]
    for sock in held:
        sock.close()
    answer = "did not answer within 2 s" if status is None else f"answered in {ms(seconds)}"
    print(
        f"  control, straight to gunicorn ({workers} sync workers, {workers} slow clients): "
        f"/healthz {answer}"
    )
    time.sleep(1.0)  # the freed workers go back to accepting

    for count in (2, 60):
        held = [
            stack.slow_client("body" if n % 2 else "headers", source=f"127.0.1.{n + 1}")
            for n in range(count)
        ]
        time.sleep(0.5)
        seen = latencies(stack, "/healthz", 15) + latencies(stack, "/en/plans/", 5)
        for sock in held:
            sock.close()
        worst = max(s for _, s in seen)
        median = statistics.median(s for _, s in seen)
        codes = Counter(status for status, _ in seen)
        print(
            f"  through nginx, {count} slow clients held open: {len(seen)} requests, "
            f"median {ms(median)}, worst {ms(worst)}, {dict(codes)}"
        )
        check(set(codes) == {200} and worst < 1.0, f"{count} slow clients delay nobody beyond 1 s")


# --- (b) exact rate across workers -------------------------------------------------------------


def align_to_a_fresh_window(needed: float = 25.0) -> None:
    left = 60 - time.time() % 60
    if left < needed:
        print(f"  (waiting {left:.0f} s for the next minute: a window must not end mid-probe)")
        time.sleep(left + 0.5)


def simulate_many(stack, count, source=HOST, threads=9, headers=None, target="nginx"):
    def one(n):
        extra = {**JSON, **(headers(n) if headers else {})}
        status, got, _, _ = stack.request(
            "POST", SIMULATE, body=BODY, headers=extra, source=source, target=target
        )
        return status, got.get("Retry-After")

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, range(count)))


def probe_exact_rate(stack):
    rate, workers = stack.args.rate, stack.args.workers
    print(f"\n(b) One address, RATE_LIMIT_SIMULATIONS={rate}/min, {workers} gunicorn workers")
    align_to_a_fresh_window()
    since = len(_access_log(stack))
    answers = simulate_many(stack, rate + 15)
    codes = Counter(status for status, _ in answers)
    pids = _served_pids(stack, since)
    waits = sorted({int(w) for status, w in answers if status == 429 and w})
    print(
        f"  {rate + 15} simulations from 9 threads: {dict(codes)}; served by {len(pids)} "
        f"worker processes; Retry-After {waits[:1]}…{waits[-1:]} s"
    )
    check(codes == Counter({200: rate, 429: 15}), f"exactly {rate} × 200 then 429, across workers")
    check(len(pids) >= 2, "more than one worker served them (the count is shared)")


def _access_log(stack) -> list[str]:
    with open(stack.args.access_log) as log:
        return log.readlines()


def _served_pids(stack, since: int) -> set[str]:
    """The worker processes that ran a simulation in the access log's lines from ``since``."""
    return {
        line.split()[0]
        for line in _access_log(stack)[since:]
        if f"POST {SIMULATE}" in line and line.split()[1] == "200"
    }


# --- (c) X-Forwarded-For from clients ----------------------------------------------------------


def probe_forwarded_for(stack):
    rate = stack.args.rate
    print("\n(c) A client rotating X-Forwarded-For")
    answers = simulate_many(
        stack,
        rate + 5,
        source="127.0.0.4",
        headers=lambda n: {"X-Forwarded-For": f"198.51.100.{n % 250}"},
    )
    codes = Counter(status for status, _ in answers)
    print(f"  through nginx from 127.0.0.4, a new X-Forwarded-For on each: {dict(codes)}")
    check(codes == Counter({200: rate, 429: 5}), "the header does not buy a new allowance")

    answers = simulate_many(
        stack,
        10,
        source="127.0.0.2",
        target="app",
        headers=lambda n: {"X-Forwarded-For": f"203.0.113.{n}", "X-Forwarded-Proto": "https"},
    )
    codes = Counter(status for status, _ in answers)
    print(
        f"  straight to gunicorn from 127.0.0.2 (not the proxy), claiming HTTPS and a new "
        f"X-Forwarded-For each time: {dict(codes)} (sent to https://, nothing run)"
    )
    check(codes == Counter({301: 10}), "a client that is not the proxy is believed in nothing")

    print("  admin login through nginx from 127.0.0.5, a new username and X-Forwarded-For each:")
    codes = login_attempts(stack, "127.0.0.5", 24, rotate=True)
    print(f"    answers in order: {codes}")
    check(
        codes[:19] == [200] * 19 and set(codes[19:]) == {429},
        "locked out after 20 failures from the address, whatever the header says",
    )
    status = login_attempts(stack, "127.0.0.6", 1, password=stack.args.password)[0]
    print(f"    the curator from another address (127.0.0.6): {status}")
    check(status == 302, "another address logs in")


def login_page(stack, source):
    _, headers, body, _ = stack.request("GET", "/admin/login/", source=source)
    cookies = http.cookies.SimpleCookie()
    for line in headers.get_all("Set-Cookie") or ():
        cookies.load(line)
    cookie = cookies["csrftoken"].value
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1].decode()
    return cookie, token


def login_attempts(stack, source, count, *, rotate=False, password="wrong"):
    cookie, token = login_page(stack, source)
    referer = f"https://{HOST}:{stack.args.https}/admin/login/"
    codes = []
    for n in range(count):
        username = f"user{n}" if rotate else "curator"
        form = f"csrfmiddlewaretoken={token}&username={username}&password={password}&next=/admin/"
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": referer,
        }
        if rotate:
            headers["X-Forwarded-For"] = f"203.0.113.{n}"
        status = stack.request("POST", "/admin/login/", body=form, headers=headers, source=source)[
            0
        ]
        codes.append(status)
    return codes


# --- case 3: parallel logins -------------------------------------------------------------------


def probe_parallel_logins(stack):
    print("\nParallel logins: 16 at once from one address (each a PBKDF2 hash)")
    cookie, token = login_page(stack, "127.0.0.7")
    referer = f"https://{HOST}:{stack.args.https}/admin/login/"
    baseline = latencies(stack, "/en/plans/", 10, spacing=0.05)
    form = f"csrfmiddlewaretoken={token}&username=curator&password=wrong&next=/admin/"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookie}",
        "Referer": referer,
    }
    during: list = []
    stop = threading.Event()

    def browse():
        while not stop.is_set() and len(during) < 200:
            during.extend(latencies(stack, "/en/plans/", 1, spacing=0.05))

    watcher = threading.Thread(target=browse)
    watcher.start()

    def attempt(_):
        return stack.request(
            "POST", "/admin/login/", body=form, headers=headers, source="127.0.0.7"
        )

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(attempt, range(16)))
    stop.set()
    watcher.join()
    by_nginx = sum(1 for a in answers if a[0] == 429 and b"Account locked" not in a[2])
    before = ms(statistics.median(s for _, s in baseline))
    meanwhile = ms(statistics.median(s for _, s in during))
    codes = dict(Counter(a[0] for a in answers))
    print(f"  answers: {codes}, {by_nginx} refused by nginx (2 logins in progress per address)")
    print(f"  /en/plans/ median {before} before, {meanwhile} during ({len(during)} pages)")
    check(by_nginx >= 1, "nginx refuses logins past 2 in progress from one address")
    check({s for s, _ in during} == {200}, "pages answer during the burst")


# --- case 2: huge and unknown-key bodies --------------------------------------------------------


def probe_bodies(stack):
    print("\nBodies: unknown keys, size, type, chunks, methods")
    flood = json.dumps({f"k{n}": 0 for n in range(185_000)}).encode()
    status, headers, body, seconds = stack.request(
        "POST", SIMULATE, body=flood, headers=JSON, source="127.0.0.8"
    )
    print(
        f"  {len(flood):,} bytes of 185,000 unknown keys: {status} "
        f"{headers.get('Content-Type')}, {len(body):,} bytes back, {ms(seconds)}"
    )
    check(status == 413 and len(body) < 10_000 and _json(body), "a JSON 413, small")

    under = json.dumps({f"k{n}": 0 for n in range(10_000)}).encode()
    baseline = latencies(stack, "/en/plans/", 10, spacing=0.05)
    during: list = []
    stop = threading.Event()

    def browse():
        while not stop.is_set() and len(during) < 400:
            during.extend(latencies(stack, "/en/plans/", 1, spacing=0.02))

    watcher = threading.Thread(target=browse)
    watcher.start()
    answers = []
    started = time.monotonic()
    for _ in range(30):  # 30/min: this address's whole allowance
        answers.append(
            stack.request("POST", SIMULATE, body=under, headers=JSON, source="127.0.0.9")
        )
    spent = time.monotonic() - started
    stop.set()
    watcher.join()
    sizes = [len(a[2]) for a in answers]
    print(
        f"  30 bodies of {len(under):,} bytes (10,000 unknown keys): "
        f"{dict(Counter(a[0] for a in answers))}, answers of at most {max(sizes):,} bytes, "
        f"median {ms(statistics.median(a[3] for a in answers))} each ({spent:.1f} s in all); "
        f"/en/plans/ median {ms(statistics.median(s for _, s in baseline))} before, "
        f"{ms(statistics.median(s for _, s in during))} meanwhile"
    )
    check({a[0] for a in answers} == {422} and max(sizes) < 10_000, "each a small 422")

    big = b" " * 200_000
    status, headers, body, _ = stack.request(
        "POST", SIMULATE, body=big, headers=JSON, source="127.0.0.10"
    )
    print(f"  200,000 bytes (over the API's 128 KiB, under nginx's 1 MiB): {status}")
    check(status == 413 and _json(body), "the application's JSON 413")

    status, _, body, _ = stack.request(
        "POST",
        SIMULATE,
        body=iter([BODY[:20], BODY[20:]]),
        headers=JSON,
        source="127.0.0.10",
        chunked=True,
    )
    print(f"  a chunked body through nginx: {status} (nginx reads it whole, then sends it on)")
    check(status == 200 and b'"months"' in body, "a chunked request is simulated")

    status, _, body, _ = stack.request(
        "POST", SIMULATE, body=BODY, headers={"Content-Type": "text/plain"}, source="127.0.0.10"
    )
    print(f"  the same body as text/plain (what a form on another site can send): {status}")
    check(status == 415 and _json(body), "a JSON 415")

    for method, path in (("TRACE", "/en/"), ("PUT", "/en/"), ("DELETE", SIMULATE)):
        status = stack.request(method, path, source="127.0.0.10")[0]
        print(f"  {method} {path}: {status}")
        check(status == 405, f"{method} is refused")


def _json(body: bytes) -> bool:
    try:
        parsed = json.loads(body)
    except ValueError:
        return False
    return set(parsed) == {"detail", "errors"}


# --- TLS and headers ---------------------------------------------------------------------------


def probe_tls(stack):
    print("\nTLS and the proxy's headers")
    status, headers, _, _ = stack.request("GET", "/en/plans/")
    print(f"  https /en/plans/: {status}, HSTS {headers.get('Strict-Transport-Security')!r}")
    check(
        status == 200 and "max-age=31536000" in headers.get("Strict-Transport-Security", ""),
        "HTTPS pages carry HSTS (the app sees the request as HTTPS)",
    )
    status, headers, _, _ = stack.request("GET", "/en/plans/", target="http")
    print(f"  http /en/plans/: {status} → {headers.get('Location')}")
    check(status == 301 and headers.get("Location", "").startswith("https://"), "HTTP redirects")
    status = stack.request("GET", "/healthz", target="http")[0]
    check(status == 200, "/healthz answers over plain HTTP for load balancers")
    page = stack.request("GET", "/en/plans/")[2].decode()
    href = re.search(r'href="(/static/[^"]+\.css)"', page)[1]  # hashed by collectstatic
    status, headers, _, _ = stack.request("GET", href)
    print(f"  a static file from nginx: {status}, Cache-Control {headers.get('Cache-Control')!r}")
    check(status == 200 and "max-age" in headers.get("Cache-Control", ""), "nginx serves /static/")


def parse_args(argv=None, environ=os.environ):
    parser = argparse.ArgumentParser()
    for name in ("https", "http", "app", "rate", "workers"):
        parser.add_argument(f"--{name}", type=int, required=True)
    for name in ("cert", "access-log"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args(argv)
    args.password = environ.get("CURATOR_PASSWORD", "")
    if not args.password:
        parser.error("set CURATOR_PASSWORD to the curator's password")
    return args


def main():
    stack = Stack(parse_args())
    started = time.monotonic()
    probe_tls(stack)
    probe_slow_clients(stack)
    probe_exact_rate(stack)
    probe_forwarded_for(stack)
    probe_parallel_logins(stack)
    probe_bodies(stack)
    print(f"\n{len(failures)} failed of the checks above ({time.monotonic() - started:.0f} s)")
    for what in failures:
        print(f"  FAILED: {what}")
    return min(len(failures), 100)


if __name__ == "__main__":
    sys.exit(main())
