"""The kinds of statement are spelled once (alliance.lib.kinds): the model's choices, the
drafter's sections, the classifier's labels and the importer's kinds are that list, and
no other module writes a kind as a string of its own."""

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from alliance.lib import kinds
from alliance.meetings.models import ContributionKind, person_key, registration_id
from alliance.minutes import actions as minutes_actions
from alliance.minutes import classify, draft, forms

PACKAGE = Path(__file__).resolve().parents[2] / "alliance"
# Files allowed to hold a kind as a literal: the vocabulary itself, migrations (frozen
# history), and demo data, whose kinds are content keyed by name.
ALLOWED = {"lib/kinds.py", "minutes/demo.py"}


def test_every_list_of_kinds_is_the_one_vocabulary():
    assert tuple(ContributionKind.values) == kinds.CONTRIBUTION_KINDS
    assert set(draft.KIND_SECTION) == set(kinds.CONTRIBUTION_KINDS)
    assert minutes_actions.KINDS == kinds.CONTRIBUTION_KINDS
    assert classify.LABELS == kinds.SENTENCE_LABELS
    assert [k for k, _label in forms.KIND_CHOICES] == list(kinds.SENTENCE_LABELS)


def test_no_module_spells_a_kind_of_its_own():
    words = set(kinds.CONTRIBUTION_KINDS) - {kinds.NEED}  # "need" is also an ordinary English word
    found = []
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative in ALLOWED or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in words:
                found.append(f"{relative}:{node.lineno} {node.value!r}")
    assert not found, "use alliance.lib.kinds or ContributionKind instead: " + ", ".join(found)


@given(st.integers(min_value=1, max_value=2**62))
def test_a_person_key_names_its_registration_and_nothing_else(pk):
    assert registration_id(person_key(pk)) == pk
    assert registration_id(f"u{pk}") is None and registration_id("") is None and registration_id("r") is None
