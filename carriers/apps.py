from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CarriersConfig(AppConfig):
    name = "carriers"
    verbose_name = _("Catalog")

    def ready(self):
        from . import checks  # noqa: F401  registers the deployment checks
