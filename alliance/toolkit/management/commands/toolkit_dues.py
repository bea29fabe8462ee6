from typing import Any

from django.core.management.base import BaseCommand

from alliance.toolkit import actions


class Command(BaseCommand):
    help = ("The toolkit's daily round: every member's status (current, in grace, lapsed, deferred) "
            "recomputed from its dues, with the grace period of settings.TOOLKIT_GRACE_DAYS or "
            "ALLIANCE_TOOLKIT_GRACE_DAYS (default 30 days), and a reminder for every overdue invoice, "
            "at most once per invoice every 14 days. Running it twice sends nothing twice.")

    def handle(self, *args: Any, **options: Any) -> None:
        changed = actions.recompute_statuses()
        reminded = actions.send_reminders()
        self.stdout.write(f"{changed} statuses changed, {reminded} reminders sent.")
