"""Who may see and change what in the community registry. One function per decision.

Visibility rules, in words:
- a *public* organisation profile is seen by everyone; a *members-only* one by
  signed-in members (any active account);
- contact people appear to visitors only when they consented to a public
  listing; signed-in members see every contact's name, coordinators also e-mails;
- an organisation is edited by coordinators and by its own contact people;
- any signed-in member may register an organisation;
- an organisation typed into a public form waits for a coordinator's review: until
  then only coordinators see it (profile, directory, search, API, exports), and they
  approve or reject it;
- imports, exports of people and the mailing list are for coordinators.
"""

from __future__ import annotations

from typing import Any

from alliance.accounts.predicates import active, coordinator
from alliance.community.models import Cluster, Organisation, Person, ReviewStatus, Visibility
from alliance.community.predicates import manages


def is_coordinator(user: Any) -> bool:
    return coordinator(user)


def can_review_organisations(user: Any) -> bool:
    return is_coordinator(user)


def can_see_unreviewed_organisations(user: Any) -> bool:
    return can_review_organisations(user)


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    if organisation.review_status == ReviewStatus.PENDING:
        return can_see_unreviewed_organisations(user)
    return organisation.visibility == Visibility.PUBLIC or active(user)


def can_see_members_only_profiles(user: Any) -> bool:
    return active(user)


def can_create_organisation(user: Any) -> bool:
    return active(user)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    """Coordinators, the organisation's managers on the platform, and its contact people."""
    if is_coordinator(user) or manages(user, organisation):
        return True
    if not active(user):
        return False
    return organisation.contacts.filter(user=user).exists()


def can_delete_organisation(user: Any, organisation: Organisation) -> bool:
    return is_coordinator(user)


def can_view_cluster(user: Any, cluster: Cluster) -> bool:
    # A cluster is a public fact about a place and an industry.
    return True


def can_see_contact(user: Any, person: Person) -> bool:
    return person.consent_public_listing or active(user)


def can_see_contact_email(user: Any, person: Person) -> bool:
    return is_coordinator(user) or (active(user) and person.user_id == user.pk)


def can_import(user: Any) -> bool:
    return is_coordinator(user)


def can_export_organisations(user: Any) -> bool:
    # The export holds what the user could read anyway (see queries.visible_organisations).
    return True


def can_export_people(user: Any) -> bool:
    return is_coordinator(user)


def can_export_subscribers(user: Any) -> bool:
    return is_coordinator(user)
