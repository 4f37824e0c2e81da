"""Sign up, sign in, sign out and change password, on Django's own auth views and forms."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from . import ratelimit
from .forms import SignUpForm


@require_http_methods(["GET", "POST"])
def signup(request):
    # Read at request time, so a private installation can close sign-up with one setting.
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is closed on this installation.")
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            login(request, user)  # the one backend in AUTHENTICATION_BACKENDS
            messages.success(request, f"Welcome, {user.username}. Your account is ready.")
            return redirect("home")
        return render(request, "registration/signup.html", {"form": form}, status=400)
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Django's sign-in, with failed attempts counted per username and address."""

    redirect_authenticated_user = True

    def _attempt(self):
        return self.request.POST.get("username", ""), ratelimit.client_ip(self.request)

    def post(self, request, *args, **kwargs):
        wait = ratelimit.retry_after(*self._attempt())
        if wait:
            response = render(request, "429.html", {"minutes": max(1, -(-wait // 60))}, status=429)
            response["Retry-After"] = str(wait)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        ratelimit.clear(*self._attempt())
        return super().form_valid(form)

    def form_invalid(self, form):
        ratelimit.record_failure(*self._attempt())
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    success_url = reverse_lazy("home")
    success_message = "Your password has been changed."

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are signed out.")
        return response
