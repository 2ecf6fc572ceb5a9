from pathlib import Path

from django.apps import AppConfig
from django.utils.autoreload import autoreload_started
from django.utils.translation import gettext_lazy as _

ENGINE = Path(__file__).resolve().parent / "engine"


def watch_engine_sources(sender, **kwargs):
    """The development server restarts when an engine source changes, including the two
    that run compiled: Python then lists the compiled files it loaded, not the sources
    beside them (after the restart, simulator/engine/compiled.py runs the edited sources)."""
    sender.watch_dir(ENGINE, "*.py")


class SimulatorConfig(AppConfig):
    name = "simulator"
    verbose_name = _("Simulator")

    def ready(self):
        autoreload_started.connect(watch_engine_sources, dispatch_uid="watch_engine_sources")
