from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.templatetags.static import static
from django.urls import path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from simulator import views
from simulator.api import api

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),  # ADMIN_URL, default "admin/"
    path("api/v1/", api.urls),
    path("healthz", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on every page, the admin's too: the site's SVG icon.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("favicon.svg"))),
]

# Public pages carry their language in the URL (/en/, /zh-hans/): a shared link opens in the
# language it was shared in, the switcher keeps the page and its inputs, and no cookie is
# needed. A URL without a prefix redirects by the browser's Accept-Language.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("result.csv", views.result_csv, name="result-csv"),
    path("compare/", views.compare, name="compare"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<slug:slug>/", views.plan_detail, name="plan-detail"),
    path("carriers/", views.carrier_list, name="carrier-list"),
    path("carriers/<slug:slug>/", views.carrier_answer, name="carrier-answer"),
    path("categories/<slug:slug>/", views.category_answer, name="category-answer"),
    path("search/", views.search, name="search"),
)
