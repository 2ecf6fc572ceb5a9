"""Password spraying: many usernames from one address lock that address out of the login
(besides the per-username lockout), before any more passwords are hashed; other addresses
log in as before; a client cannot change its address with X-Forwarded-For."""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a long curator passphrase"
SPRAYER = "203.0.113.66"


class CountingHasher(MD5PasswordHasher):
    """Fast, and counts how many passwords were hashed (PBKDF2 in production)."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        CountingHasher.hashed += 1
        return super().encode(password, salt)


@pytest.fixture(autouse=True)
def counting_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.test_login_limits.CountingHasher"]
    CountingHasher.hashed = 0
    return CountingHasher


@pytest.fixture
def curator(db):
    return User.objects.create_user("curator", password=PASSWORD, is_staff=True)


def log_in(client, username, password, ip=SPRAYER, **extra):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
        **extra,
    )


def spray(client, usernames=200, passwords=4, **extra):
    """Each password against every username, as a sprayer does; the answers in order."""
    return [
        log_in(client, f"user{u}", f"Password{p}!", **extra).status_code
        for p in range(passwords)
        for u in range(usernames)
    ]


def test_spraying_200_usernames_locks_the_address_out_after_20_failures_and_hashes_no_more(
    client, settings, counting_hasher
):
    assert settings.AXES_ADDRESS_FAILURE_LIMIT == 20
    codes = spray(client)
    assert len(codes) == 800
    assert codes[:19] == [200] * 19  # "Please enter the correct username and password"
    assert set(codes[19:]) == {429}
    response = log_in(client, "user7", "Password0!")
    assert "too many login attempts" in response.content.decode()
    # One hash per attempt until the lockout (Django hashes even for unknown usernames, so
    # timing does not tell which exist), then none: locked-out attempts cost no PBKDF2.
    assert counting_hasher.hashed == 20


def test_the_sprayed_address_cannot_log_in_even_with_the_right_password(client, curator):
    spray(client, usernames=20, passwords=1)
    assert log_in(client, "curator", PASSWORD).status_code == 429
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in


def test_another_address_is_unaffected_by_a_spray(client, curator):
    spray(client, usernames=50, passwords=1)
    response = log_in(client, "curator", PASSWORD, ip="198.51.100.20")
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_the_per_username_lockout_still_comes_first(client, curator):
    codes = [log_in(client, "curator", "wrong").status_code for _ in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]
    assert log_in(client, "someone-else", "wrong").status_code == 200  # the address is not


def test_a_success_resets_its_username_but_not_the_addresss_count(client, curator):
    spray(client, usernames=15, passwords=1)
    assert log_in(client, "curator", PASSWORD).status_code == 302
    client.logout()
    codes = [log_in(client, f"other{n}", "wrong").status_code for n in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]  # 15 + 5 = 20


def test_x_forwarded_for_from_a_client_does_not_escape_the_lockout(client, settings):
    settings.NUM_PROXIES = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    codes = [
        log_in(client, f"user{n}", "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(25)
    ]
    assert codes[:19] == [200] * 19
    assert set(codes[19:]) == {429}


def test_behind_the_proxy_the_lockout_keys_on_the_forwarded_address(client, settings, curator):
    settings.NUM_PROXIES = 1
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    via_proxy = {"ip": "127.0.0.1", "HTTP_X_FORWARDED_FOR": SPRAYER}
    assert set(spray(client, usernames=25, passwords=1, **via_proxy)[19:]) == {429}
    elsewhere = {"ip": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.20"}
    assert log_in(client, "curator", PASSWORD, **elsewhere).status_code == 302
