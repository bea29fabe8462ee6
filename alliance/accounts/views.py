from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alliance.accounts import access, actions
from alliance.accounts.forms import ApiTokenForm, SignUpForm
from alliance.accounts.models import ApiToken, User
from alliance.accounts.tokens import activation_token


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.sign_up(
            email=form.cleaned_data["email"], name=form.cleaned_data["name"],
            password=form.cleaned_data["password1"], language=get_language() or "en",
        )
        # Same answer whether or not the address was known: no account enumeration.
        return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_done.html")


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        user = None
    if user is None or not activation_token.check_token(user, token):
        return render(request, "accounts/activate_invalid.html", status=400)
    actions.activate(user=user)
    messages.success(request, _("Your account is confirmed. You can sign in now."))
    return redirect("accounts:login")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_own_tokens(request.user):
        raise PermissionDenied
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = actions.create_api_token(user=user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")
    return render(
        request, "accounts/account.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, revoked_at__isnull=True)
    if not access.can_revoke_token(request.user, token):
        raise PermissionDenied
    assert isinstance(request.user, User)
    actions.revoke_api_token(token=token, by=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:account")
