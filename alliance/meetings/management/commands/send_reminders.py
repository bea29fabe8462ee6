import time
from typing import Any

from django.core.management.base import BaseCommand

from alliance.meetings import actions


class Command(BaseCommand):
    help = ("Send the 24-hour and 1-hour session reminders that are due, and give the seats of "
            "unconfirmed registrations whose hold ran out to the waitlist. Run it every few minutes "
            "(cron, systemd timer) or with --loop; running it twice sends nothing twice.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep running, checking every --every seconds.")
        parser.add_argument("--every", type=int, default=300)

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            released = actions.release_expired_holds()
            sent = actions.send_due_reminders()
            self.stdout.write(f"{sent} reminder(s) sent, {released} expired seat hold(s) given back.")
            if not options["loop"]:
                return
            time.sleep(max(10, options["every"]))
