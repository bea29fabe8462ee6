from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from alliance.accounts.models import User
from alliance.community import demo, search
from alliance.exchange import demo as exchange_demo
from alliance.meetings import demo as meetings_demo
from alliance.minutes import demo as minutes_demo
from alliance.toolkit import demo as toolkit_demo


class Command(BaseCommand):
    help = "Create the demo alliance: organisations, clusters, people and demo log-ins (deterministic)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the registry already holds data.")
        parser.add_argument("--organisations", type=int, default=360)
        parser.add_argument("--clusters", type=int, default=40)
        parser.add_argument("--people", type=int, default=600)
        parser.add_argument("--seed", type=int, default=2020)
        parser.add_argument("--show-logins", action="store_true",
                            help="Print the demo log-ins that exist in the database.")

    def handle(self, *args: Any, **options: Any) -> None:
        self._seed(**options)
        if options["show_logins"]:
            self._show_logins()

    def _show_logins(self) -> None:
        logins = [(email, str(role.label)) for email, _name, role in demo.DEMO_USERS]
        logins.append((toolkit_demo.MANAGER_EMAIL, "Cluster organisation manager"))
        present = set(User.objects.filter(email__in=[e for e, _l in logins], is_active=True)
                      .values_list("email", flat=True))
        if present:
            self.stdout.write(f"  Demo log-ins (password: {demo.DEMO_PASSWORD}):")
            for email, label in logins:
                if email in present:
                    self.stdout.write(f"    {email:<32} {label}")

    def _seed(self, **options: Any) -> None:
        if demo.has_data():
            if options["if_empty"]:
                self.stdout.write("The database already holds data; demo data not loaded.")
                return
            raise CommandError("The database already holds data; seed_demo only fills an empty one.")
        if options["clusters"] > options["organisations"]:
            raise CommandError("--clusters cannot exceed --organisations.")
        counts = demo.seed(organisations=options["organisations"], clusters=options["clusters"],
                           people=options["people"], seed=options["seed"])
        # The one place that knows every app's demo, lowest layer first (docs/architecture-layers.md).
        with transaction.atomic():
            sessions = meetings_demo.seed(seed=options["seed"])
            minutes_demo.seed(past=sessions.past, seed=options["seed"])
        # The exchange's posts, over the registry's organisations (its statements are
        # stored and embedded by its seed, after this transaction).
        exchange = exchange_demo.seed(seed=options["seed"])
        # Cluster organisations' workspaces: tiers, invoices, payments, solidarity measures.
        toolkit = toolkit_demo.seed(seed=options["seed"])
        search.refresh_statistics()
        # The overview's statements, read from everything seeded above (by name: the
        # overview sits above every app seeded here).
        call_command("rebuild_statements", stdout=self.stdout)
        # Their embeddings and themes (and the demo's early alert), as the worker would
        # find them after the statements arrived.
        call_command("run_themes", stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(
            f"Demo alliance: {counts.organisations} organisations, {counts.clusters} clusters, "
            f"{counts.memberships} memberships, {counts.people} people, {counts.users} log-ins; "
            f"{sessions.series} series of {sessions.sessions} sessions with {sessions.registrations} registrations; "
            f"{exchange.needs} needs, {exchange.offers} offers and {exchange.partner_searches} partner searches "
            f"in the exchange ({exchange.resolved} resolved, {exchange.introductions} introductions); "
            f"{toolkit.organisations} cluster organisation workspaces with {toolkit.invoices} invoices."))
