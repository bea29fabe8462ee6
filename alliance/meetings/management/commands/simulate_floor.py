import json
import math
import statistics
from typing import Any, cast

from django.core.management.base import BaseCommand, CommandError

from alliance.meetings import floor, floor_sim


class Command(BaseCommand):
    help = ("Simulate a session under the Gilles Rules and print its fairness report "
            "(the model is described in alliance/meetings/floor_sim.py).")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--minutes", type=int, default=60)
        parser.add_argument("--registrants", type=int, default=40)
        parser.add_argument("--speakers", type=int, default=25)
        parser.add_argument("--overrun", type=float, default=0.5,
                            help="probability that a speaker runs over their turn (by 5–25 s)")
        parser.add_argument("--late-share", type=float, default=0.3,
                            help="share of speakers who ask only during the floor")
        parser.add_argument("--expected-late-share", type=float, default=0.3,
                            help="what the engine is told to expect (0: the plain rule)")
        parser.add_argument("--late-window", type=float, default=0.5,
                            help="share of the floor, from its start, in which those speakers ask")
        parser.add_argument("--expected-late-window", type=float, default=0.5,
                            help="what the engine is told about when they ask")
        parser.add_argument("--expected-speakers", type=int, default=None,
                            help="the usual number of first-round requests the engine is told "
                                 "(default: --speakers; 0: not told)")
        parser.add_argument("--history-weight", type=float, default=50.0,
                            help="how many requests' worth that usual number counts for")
        parser.add_argument("--no-learn-overrun", action="store_true",
                            help="the engine does not shorten turns by the room's overrun")
        parser.add_argument("--speakers-spread", type=int, default=0,
                            help="each session draws --speakers ± this many speakers")
        parser.add_argument("--no-second-round", action="store_true")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--runs", type=int, default=1, help="simulate seeds seed … seed+runs-1 and summarise")
        parser.add_argument("--json", action="store_true", help="one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["minutes"] < 15 or options["runs"] < 1 or not 0 <= options["overrun"] <= 1:
            raise CommandError("--minutes ≥ 15, --runs ≥ 1 and --overrun in [0, 1].")
        plans = [floor_sim.Plan(
            minutes=options["minutes"], registrants=options["registrants"], speakers=options["speakers"],
            overrun=options["overrun"], seed=options["seed"] + i, late_share=options["late_share"],
            expected_late_share=options["expected_late_share"], second_round=not options["no_second_round"],
            late_window=options["late_window"], expected_late_window=options["expected_late_window"],
            expected_speakers=options["expected_speakers"], history_weight=options["history_weight"],
            learn_overrun=not options["no_learn_overrun"], speakers_spread=options["speakers_spread"],
        ) for i in range(options["runs"])]
        try:
            results = [floor_sim.fairness(plan) for plan in plans]
        except ValueError as error:
            raise CommandError(str(error)) from None
        if len(results) == 1:
            result: dict[str, Any] = results[0]
        else:
            result = {"runs": len(results), "seeds": [p.seed for p in plans],
                      **{key: _summary([r[key] for r in results]) for key in (
                          "requests", "turns", "moved_to_writing", "lost", "gini", "overrun_s",
                          "second_turn_before_first")},
                      # The goals are per session, so the summary counts the sessions that meet them.
                      "sessions_gini_at_most": {f"{limit:.2f}": sum(cast(float, r["gini"]) <= limit for r in results)
                                                for limit in (0.10, 0.13)}}
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        if len(results) == 1:
            state, _events = floor_sim.simulate(plans[0])
            self._print_run(state, result)
        else:
            for key, value in result.items():
                self.stdout.write(f"{key:>26}: {value}")

    def _print_run(self, state: floor.State, result: dict[str, Any]) -> None:
        for key in ("requests", "turns", "speakers", "moved_to_writing", "withdrawn", "lost", "gini",
                    "overrun_s", "turn_overruns_s", "second_turn_before_first"):
            self.stdout.write(f"{key:>26}: {result[key]}")
        self.stdout.write("\n  speaking time per person (s):")
        for person, seconds in sorted(state.spoken_s().items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"    {person}  {seconds:6.0f}  {'█' * int(seconds // 10)}")


def _summary(values: list[Any]) -> dict[str, float]:
    ordered = sorted(values)
    return {"mean": round(statistics.mean(values), 4), "min": ordered[0],
            "median": round(statistics.median(ordered), 4),
            "p95": ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], "max": ordered[-1]}
