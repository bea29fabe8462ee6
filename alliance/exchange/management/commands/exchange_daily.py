from typing import Any

from django.core.management.base import BaseCommand

from alliance.exchange import actions


class Command(BaseCommand):
    help = ("The exchange's daily round: posts past their expiry leave the matching, authors are asked "
            "a week before expiry whether a post is still needed, and introductions two weeks old ask "
            "both people whether they led to something. Running it twice sends nothing twice.")

    def handle(self, *args: Any, **options: Any) -> None:
        expired = actions.expire_posts()
        reminded = actions.remind_expiring()
        followed = actions.follow_up_introductions()
        digests = actions.send_digests()
        self.stdout.write(f"{expired} posts expired, {reminded} authors reminded, {followed} introductions "
                          f"followed up, {digests} digests sent.")
