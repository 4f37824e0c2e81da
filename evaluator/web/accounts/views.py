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


def _too_many(request, wait: int, what: str):
    minutes = max(1, -(-wait // 60))
    response = render(request, "429.html", {"minutes": minutes, "what": what}, status=429)
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
def signup(request):
    # Read at request time, so a private installation can close sign-up with one setting.
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is closed on this installation.")
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        # Every attempt counts, made or refused: a refusal says whether a name is taken.
        address = ratelimit.client_ip(request)
        wait = ratelimit.retry_after(ratelimit.SIGN_UP, address)
        if wait:
            return _too_many(request, wait, "sign-up")
        ratelimit.record(ratelimit.SIGN_UP, address)
        if form.is_valid():
            user = form.save()
            login(request, user)  # the one backend in AUTHENTICATION_BACKENDS
            messages.success(request, f"Welcome, {user.username}. Your account is ready.")
            return redirect("home")
        return render(request, "registration/signup.html", {"form": form}, status=400)
    return render(request, "registration/signup.html", {"form": form})


class LoginView(auth_views.LoginView):
    """Django's sign-in, with failed attempts counted per user name and address, and per
    address alone (see ``ratelimit``)."""

    redirect_authenticated_user = True

    def _budgets(self):
        address = ratelimit.client_ip(self.request)
        name = self.request.POST.get("username", "")
        return (
            (ratelimit.SIGN_IN, ratelimit.sign_in_key(name, address)),
            (ratelimit.SIGN_IN_ADDRESS, address),
        )

    def post(self, request, *args, **kwargs):
        wait = max(ratelimit.retry_after(budget, key) for budget, key in self._budgets())
        if wait:
            return _too_many(request, wait, "sign-in")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # Only the name's own count: a success does not excuse guesses at other names.
        budget, key = self._budgets()[0]
        ratelimit.clear(budget, key)
        return super().form_valid(form)

    def form_invalid(self, form):
        for budget, key in self._budgets():
            ratelimit.record(budget, key)
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
