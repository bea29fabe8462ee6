from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from alliance.accounts.predicates import acting
from alliance.community import actions
from alliance.community.models import (
    ActivityLog,
    Cluster,
    Membership,
    Organisation,
    OrganisationRole,
    Person,
    PolicyScope,
    Region,
    Subscription,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "type", "country", "region", "visibility", "review_status"]
    list_filter = ["type", "visibility", "review_status", "ecosystems"]
    search_fields = ["name", "description"]
    raw_id_fields = ["country", "region"]
    autocomplete_fields = ["contacts"]
    list_select_related = ["country", "region"]


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["organisation"]
    extra = 0


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "region"]
    search_fields = ["name"]
    raw_id_fields = ["organisation", "region"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "affiliation", "consent_mailing_list", "consent_public_listing"]
    search_fields = ["name", "email"]
    raw_id_fields = ["affiliation", "user"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "country_code"]
    list_filter = ["level", "country_code"]
    search_fields = ["code", "name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # NUTS comes from Eurostat's tables, never typed by hand


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "language", "requested_at", "confirmed_at"]
    list_filter = ["status", "language"]
    search_fields = ["email", "name"]


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ["at", "verb", "subject", "actor"]
    list_filter = ["verb"]
    readonly_fields = ["at", "verb", "subject", "actor", "data"]


@admin.register(OrganisationRole)
class OrganisationRoleAdmin(admin.ModelAdmin):
    """Coordinators grant scoped roles here; the writes go through community.actions
    (logged), not through the admin's own save."""

    list_display = ["user", "organisation", "role", "since"]
    list_filter = ["role"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user", "organisation"]

    def save_model(self, request: HttpRequest, obj: OrganisationRole, form: Any, change: bool) -> None:
        granted = actions.grant_organisation_role(by=acting(request.user), user=obj.user, organisation=obj.organisation,
                                                  role=obj.role)
        obj.pk = granted.pk

    def delete_model(self, request: HttpRequest, obj: OrganisationRole) -> None:
        actions.revoke_organisation_role(by=acting(request.user), user=obj.user, organisation=obj.organisation)


@admin.register(PolicyScope)
class PolicyScopeAdmin(admin.ModelAdmin):
    list_display = ["user"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]
    filter_horizontal = ["ecosystems", "regions"]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        actions.set_policy_scope(
            by=acting(request.user), user=form.instance.user,
            ecosystems=form.cleaned_data["ecosystems"], regions=form.cleaned_data["regions"],
        )
