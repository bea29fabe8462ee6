from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import aauthenticate, alogin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from alliance.accounts import access, actions, queries
from alliance.accounts.backends import make_password_off_thread
from alliance.accounts.forms import AffiliationForm, ApiTokenForm, SignUpForm
from alliance.accounts.models import ApiToken, User
from alliance.accounts.tokens import activation_token
from alliance.community import actions as community_actions
from alliance.community.queries import DirectoryFilters, search_organisations
from alliance.lib import ratelimit
from alliance.meetings.actions import person_for_user

# Log-in, sign-up and the new password after a reset are async views: they hash a
# password, and under ASGI a sync view would hash on the one thread every other sync
# view waits for. The hashing runs in a worker thread (backends.py); what touches the
# database or renders runs through sync_to_async on the usual thread, and briefly.

class _LoginForm(AuthenticationForm):
    """Django's log-in form with the fields only: the view authenticates, asynchronously."""

    def clean(self) -> dict[str, Any]:
        return self.cleaned_data


def _redirect_target(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@sensitive_post_parameters()
@never_cache
async def login(request: HttpRequest) -> HttpResponseBase:
    form = _LoginForm(request, data=request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["username"]
        # Refused before any hashing: a throttled flood costs no CPU. Only failures count.
        wait = await sync_to_async(ratelimit.blocked)(request, "login", email)
        if wait is not None:
            form.add_error(None, ratelimit.message(wait))
            status = 429
        else:
            user = await aauthenticate(request, username=email, password=form.cleaned_data["password"])
            if user is None:
                await sync_to_async(ratelimit.count_failure)(request, "login", email)
                form.add_error(None, form.get_invalid_login_error())
            else:
                await alogin(request, user)
                return HttpResponseRedirect(_redirect_target(request))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return await sync_to_async(render)(
        request, "accounts/login.html", {"form": form, "next": next_url}, status=status)


@sensitive_post_parameters("password1", "password2")
async def signup(request: HttpRequest) -> HttpResponseBase:
    if (await request.auser()).is_authenticated:
        return redirect("accounts:account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and await sync_to_async(form.is_valid)():
        data = form.cleaned_data
        wait = await sync_to_async(ratelimit.throttle)(request, "signup", data["email"])
        if wait is not None:
            form.add_error(None, ratelimit.message(wait))
            return await sync_to_async(render)(request, "accounts/signup.html", {"form": form}, status=429)
        # Hashed for known addresses too, so both answers take as long.
        password_hash = await make_password_off_thread(data["password1"])
        await sync_to_async(actions.sign_up)(
            email=data["email"], name=data["name"], password_hash=password_hash,
            language=get_language() or "en",
        )
        # Same answer whether or not the address was known: no account enumeration.
        return redirect("accounts:signup_done")
    return await sync_to_async(render)(request, "accounts/signup.html", {"form": form})


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


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset.subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Counted per address typed, known or not, and refused the same way: no e-mail
        # goes out, and the page tells nothing about the address.
        wait = ratelimit.throttle(self.request, "password_reset", form.cleaned_data["email"])
        if wait is not None:
            form.add_error(None, ratelimit.message(wait))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class _PrehashedSetPasswordForm(SetPasswordForm):
    """Saves the hash the async view made beforehand, when it was made of this password."""

    def __init__(self, *args: Any, prehashed: tuple[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prehashed = prehashed

    def set_password_and_save(self, user: Any, password_field_name: str = "new_password1",  # noqa: S107 (a field name)
                              commit: bool = True) -> Any:
        password = self.cleaned_data[password_field_name]
        if self.prehashed is None or self.prehashed[0] != password:
            return super().set_password_and_save(user, password_field_name, commit)
        user.password = self.prehashed[1]
        user._password = password  # what set_password() keeps for the validators' password_changed()
        if commit:
            user.save()
        return user


class _PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    form_class = _PrehashedSetPasswordForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "prehashed": getattr(self.request, "prehashed_password", None)}


_password_reset_confirm = _PasswordResetConfirmView.as_view()


async def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponseBase:
    if request.method == "POST" and token == _PasswordResetConfirmView.reset_url_token:
        password = request.POST.get("new_password1", "")
        if password and password == request.POST.get("new_password2"):
            # The Django view checks the link and the password and saves on the sync
            # thread; only the hash is made here, in a worker thread.
            request.prehashed_password = (  # type: ignore[attr-defined]
                password, await make_password_off_thread(password))
    response: HttpResponseBase = await sync_to_async(_password_reset_confirm)(
        request, uidb64=uidb64, token=token)
    return response


def _account_page(request: HttpRequest, user: User, *, token_form: ApiTokenForm | None = None,
                  affiliation_form: AffiliationForm | None = None, new_key: str | None = None,
                  status: int = 200) -> HttpResponse:
    query = request.GET.get("organisation_q", "").strip()[:200]
    found = (
        search_organisations(user, DirectoryFilters(q=query)).select_related("country").order_by("name")[:20]
        if query else []
    )
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")
    return render(request, "accounts/account.html", {
        "form": token_form or ApiTokenForm(), "tokens": tokens, "new_key": new_key,
        "person": queries.person_of(user), "organisation_q": query, "found": found,
        "affiliation_form": affiliation_form,
    }, status=status)


@login_required
def account(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_own_tokens(request.user):
        raise PermissionDenied
    user = request.user
    assert isinstance(user, User)  # login_required
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = actions.create_api_token(user=user, name=form.cleaned_data["name"])
        return _account_page(request, user, new_key=new_key)
    return _account_page(request, user, token_form=form)


@login_required
@require_POST
def set_organisation(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # login_required
    form = AffiliationForm(request.POST, user=user)
    if not form.is_valid():
        return _account_page(request, user, affiliation_form=form, status=400)
    # Always the signed-in user's own person: nothing posted can name another one.
    person = person_for_user(user)
    if not access.can_set_affiliation(user, person):
        raise PermissionDenied
    organisation = form.cleaned_data["organisation"]
    community_actions.set_affiliation(by=user, person=person, organisation=organisation)
    messages.success(request, _("Your organisation is now %(name)s.") % {"name": organisation.name})
    return redirect("accounts:account")


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
