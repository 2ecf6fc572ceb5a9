import pytest


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "slow: runs `make setup` or manage.py in a subprocess (tens of seconds)"
    )


@pytest.fixture
def catalog_file(tmp_path):
    """Write a small catalog file (TOML, or JSON by the name's extension) and return its path."""

    def write(text: str, name: str = "catalog.toml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
