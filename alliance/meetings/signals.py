"""What meetings tells the apps above it, so that it never imports them.

Meetings sits below minutes (docs/architecture-layers.md): it may not call minutes'
actions or read minutes' models. The apps above subscribe in their ``AppConfig.ready()``.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent by actions.end_session inside its transaction, with by= and session=: a receiver
# that raises rolls the ending back, so a session never ends without what follows from it
# (minutes drafts the session's minutes).
session_ended = Signal()

# Sent by the session page with request= and session=; each receiver returns a dict of
# template context (minutes: whether to link the minutes for reading, editing or amending).
session_page = Signal()

# Sent after the commit with session_id= and contribution_ids=: contributions were added,
# edited, confirmed or hidden (the overview of needs keeps its statements from them).
contributions_changed = Signal()

# Sent after the commit with session_id=: what a session's contributions are read with
# changed — its visibility, status (a draft published, minutes out) or ecosystems.
session_changed = Signal()
