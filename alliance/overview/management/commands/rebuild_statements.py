from typing import Any

from django.core.management.base import BaseCommand

from alliance.overview import actions


class Command(BaseCommand):
    help = "Rebuild the overview's statements from every source (contributions of sessions)."

    def handle(self, *args: Any, **options: Any) -> None:
        stored, removed = actions.rebuild_statements()
        self.stdout.write(f"{stored} statements stored, {removed} removed.")
