"""An innovation project's status timeline: which changes are allowed and what each one
needs. Pure Python (the models give these strings their translated labels).

The rules, in words:
- a project starts *active*; from there it may be *paused*, *stopped* or *completed*;
- a paused project may be *resumed* or *stopped*; a stopped one may only be *resumed*;
- a resumed project may be paused, stopped or completed again; a completed one is done;
- anything else (paused → completed, stopped → paused, active → resumed …) skips a state
  and is refused;
- pausing or stopping needs a reason from the list; the reason *other* needs a note
  saying what it is.
"""

from __future__ import annotations

ACTIVE = "active"
PAUSED = "paused"
STOPPED = "stopped"
RESUMED = "resumed"
COMPLETED = "completed"
STATUSES = (ACTIVE, PAUSED, STOPPED, RESUMED, COMPLETED)

PARTNER_WITHDREW = "partner_withdrew"
FUNDING_DELAYED = "funding_delayed"
LOCKDOWN = "lockdown"
SUPPLY_SHORTAGE = "supply_shortage"
OTHER = "other"
REASONS = (PARTNER_WITHDREW, FUNDING_DELAYED, LOCKDOWN, SUPPLY_SHORTAGE, OTHER)

TRANSITIONS: dict[str, tuple[str, ...]] = {
    ACTIVE: (PAUSED, STOPPED, COMPLETED),
    PAUSED: (RESUMED, STOPPED),
    STOPPED: (RESUMED,),
    RESUMED: (PAUSED, STOPPED, COMPLETED),
    COMPLETED: (),
}

# A project in one of these is interrupted: the continuity view lists it.
INTERRUPTED = (PAUSED, STOPPED)

# Why a change is refused (actions.py turns each into a message for the person who asked).
UNKNOWN_STATUS = "unknown status"
NOT_ALLOWED = "not allowed"
SAME_STATUS = "same status"
REASON_NEEDED = "reason needed"
UNKNOWN_REASON = "unknown reason"
NOTE_NEEDED = "note needed"


def allowed_next(current: str) -> tuple[str, ...]:
    return TRANSITIONS.get(current, ())


def refusal(current: str, to: str, reason: str = "", note: str = "") -> str | None:
    """None when ``current`` → ``to`` with this reason and note is allowed, else why not."""
    if to not in STATUSES:
        return UNKNOWN_STATUS
    if to == current:
        return SAME_STATUS
    if to not in allowed_next(current):
        return NOT_ALLOWED
    if reason and reason not in REASONS:
        return UNKNOWN_REASON
    if to in INTERRUPTED and not reason:
        return REASON_NEEDED
    if reason == OTHER and not note.strip():
        return NOTE_NEEDED
    return None
