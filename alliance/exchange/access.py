"""Who may do what in the exchange. In words:
- open posts are public (visible at once); a hidden post only for its organisation's
  people and coordinators;
- a signed-in person posts on behalf of an organisation they act for (their
  affiliation in the registry, or an organisation role); its people edit, resolve and
  renew its posts, see who expressed interest, and answer introductions addressed to it;
- matches are for signed-in people; anyone signed in may report a post;
- coordinators hide posts (with a reason) and see the follow-up of needs nobody met.
Rights are checked when used, on every request."""

from __future__ import annotations

from typing import Any

from alliance.accounts.predicates import active, coordinator
from alliance.exchange import queries
from alliance.exchange.models import Introduction, IntroductionStatus, Post, PostKind


def can_view_post(user: Any, post: Post) -> bool:
    return post.hidden_at is None or coordinator(user) or acts_for_post(user, post)


def acts_for_post(user: Any, post: Post) -> bool:
    return active(user) and post.organisation_id in queries.organisation_ids_of(user)


def can_post(user: Any) -> bool:
    return active(user) and bool(queries.organisation_ids_of(user))


def can_edit_post(user: Any, post: Post) -> bool:
    return acts_for_post(user, post) or coordinator(user)


def can_resolve_post(user: Any, post: Post) -> bool:
    """Marking a need fulfilled is for its own organisation (a coordinator may correct)."""
    return can_edit_post(user, post)


def can_see_matches(user: Any) -> bool:
    return active(user)


def can_report_post(user: Any, post: Post) -> bool:
    return active(user) and not acts_for_post(user, post)


def can_hide_post(user: Any) -> bool:
    return coordinator(user)


def can_request_introduction(user: Any, post: Post) -> bool:
    """From a match of one's own post, to the other side."""
    return acts_for_post(user, post)


def can_answer_introduction(user: Any, introduction: Introduction) -> bool:
    return (active(user) and introduction.status == IntroductionStatus.REQUESTED
            and introduction.to_organisation_id in queries.organisation_ids_of(user))


def can_express_interest(user: Any, post: Post) -> bool:
    return (post.kind == PostKind.PARTNER_SEARCH and active(user) and not acts_for_post(user, post)
            and bool(queries.organisation_ids_of(user)))


def can_see_interests(user: Any, post: Post) -> bool:
    return can_edit_post(user, post)


def can_follow_up(user: Any) -> bool:
    return coordinator(user)
