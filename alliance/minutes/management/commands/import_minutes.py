"""manage.py import_minutes FILE… — existing session summaries into sessions and contributions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alliance.minutes import actions
from alliance.minutes.importer import MAX_BYTES, ImportRefusedError, parse


class Command(BaseCommand):
    help = ("Import session summaries (.md, .txt, .html, .docx). Each file creates one session and its "
            "contributions, or nothing. Prose summaries with doubtful sentences are not saved unless "
            "--accept-guesses is given (or use the upload page, which asks a person).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="print one JSON object per file")
        parser.add_argument("--accept-guesses", action="store_true",
                            help="save doubtful sentences with the classifier's guess")
        parser.add_argument("--dry-run", action="store_true", help="parse and report, save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for name in options["files"]:
            result = self._one(Path(name), accept=options["accept_guesses"], dry_run=options["dry_run"])
            failed += result["status"] == "failed"
            if options["json"]:
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            else:
                self.stdout.write(self._line(result))
        if failed:
            raise CommandError(f"{failed} of {len(options['files'])} file(s) not imported")

    def _one(self, path: Path, *, accept: bool, dry_run: bool) -> dict[str, Any]:
        result: dict[str, Any] = {"file": str(path)}
        try:
            if not path.is_file():
                raise ImportRefusedError(f"{path}: no such file.")
            if path.stat().st_size > MAX_BYTES:
                raise ImportRefusedError(f"{path.name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
            parsed = parse(path.name, path.read_bytes())
        except ImportRefusedError as error:
            return {**result, "status": "failed", "error": str(error)}
        result.update({"starts_at": parsed.starts_at.isoformat(), "time_zone": parsed.zone, "topic": parsed.topic,
                       "working_format": parsed.working_format, "headed": parsed.headed, **parsed.counts(),
                       "warnings": actions.import_warnings(parsed)})
        if parsed.flagged and not accept:
            return {**result, "status": "failed", "error": f"{len(parsed.flagged)} doubtful sentence(s) need a "
                    "person: use the upload page, or --accept-guesses"}
        if dry_run:
            return {**result, "status": "parsed"}
        try:
            session = actions.import_parsed(by=None, parsed=parsed)
        except actions.DuplicateImportError as error:
            return {**result, "status": "failed", "error": f"already imported as session {error.session.pk}"}
        except ValidationError as error:
            return {**result, "status": "failed", "error": "; ".join(error.messages)}
        return {**result, "status": "created", "session": session.pk,
                "url": settings.SITE_URL + session.get_absolute_url()}

    @staticmethod
    def _line(r: dict[str, Any]) -> str:
        if r["status"] == "failed" and "topic" not in r:
            return f"FAILED {r['file']}: {r['error']}"
        kinds = ", ".join(f"{k} {v}" for k, v in r["contributions"].items())
        head = {"created": f"created session {r.get('session')} ({r.get('url')})", "parsed": "parsed",
                "failed": f"FAILED ({r.get('error')})"}[r["status"]]
        line = (f"{r['file']}: {head} — {r['starts_at']} {r['time_zone']}, “{r['topic']}”, "
                f"{r['working_format'] or 'no working format'}; {kinds}; references {r['references']}, "
                f"bold phrases {r['bold_phrases']}")
        return "\n".join([line, *(f"  warning: {w}" for w in r["warnings"])])
