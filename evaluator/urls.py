from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    # The admin signs in through the site's own sign-in, which limits failed attempts.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="login", query_string=True, permanent=False),
    ),
    path("admin/", admin.site.urls),
    path("", include("evaluator.web.urls")),
]
