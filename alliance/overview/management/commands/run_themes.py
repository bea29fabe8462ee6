from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.overview import actions


class Command(BaseCommand):
    help = ("Find the overview's themes again from the statements' stored embeddings (computing any "
            "missing one first), keeping what coordinators curated; flag and mail early alerts.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--embed-only", action="store_true",
                            help="only compute the embeddings that are missing or out of date")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["embed_only"]:
            self.stdout.write(f"{actions.embed_statements()} embeddings computed.")
            return
        try:
            run = actions.run_themes()
        except actions.ThemeRunError as error:
            raise CommandError(f"The theme run failed; the previous themes are kept. {error}") from error
        self.stdout.write(f"{run.themes} themes from {run.statements} statements ({run.unsorted} unsorted, "
                          f"{run.undecided} undecided) in {run.seconds:.1f} s.")
