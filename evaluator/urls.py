from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView


@never_cache
@require_GET
def healthz(request):
    """For load balancers and benchmarks: every middleware, no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    # The admin signs in through the site's own sign-in, which limits failed attempts.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True, permanent=False),
    ),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("evaluator.web.urls")),
]
