from typing import Any

from django.core.management.base import BaseCommand

from alliance.meetings import actions
from alliance.meetings.models import Series


class Command(BaseCommand):
    help = "Plan the sessions of every series up to 60 days ahead (run daily); existing sessions are kept."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for series in Series.objects.all():
            total += len(actions.generate_sessions(series=series))
        self.stdout.write(f"{total} session(s) planned.")
