"""Activity verbs are one enum (community.models.ActivityVerb): every verb the code base
logs is one of its members, log_activity is the only writer of the log, the stored value
is the verb's string as before, and the admin's activity log shows the verb's label."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from alliance.community.actions import log_activity
from alliance.community.models import ActivityLog, ActivityVerb
from tests.factories import UserFactory

PACKAGE = Path(__file__).resolve().parents[2] / "alliance"


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(), filename=str(path))


def called(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def verb_argument(call: ast.Call) -> ast.expr | None:
    if len(call.args) >= 2:
        return call.args[1]
    return next((k.value for k in call.keywords if k.arg == "verb"), None)


def test_every_verb_the_code_base_names_is_a_member_of_the_enum():
    named = {(path.name, node.lineno, node.attr) for path, tree in modules() for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
             and node.value.id == "ActivityVerb" and not node.attr.startswith("_")}
    assert len(named) > 40  # the walk sees the call sites, not an empty tree
    unknown = sorted(n for n in named if n[2] not in ActivityVerb.__members__ and n[2] not in {"choices"})
    assert unknown == []


def test_no_call_to_log_activity_spells_its_verb_as_a_string():
    calls = [(path.name, node.lineno, verb_argument(node)) for path, tree in modules() for node in ast.walk(tree)
             if isinstance(node, ast.Call) and called(node) == "log_activity"]
    assert len(calls) > 40
    spelled = [(name, line) for name, line, verb in calls
               if verb is None or any(isinstance(part, ast.Constant | ast.JoinedStr) for part in ast.walk(verb))]
    assert spelled == []


def test_log_activity_is_the_only_writer_of_the_activity_log():
    writers = [(path.relative_to(PACKAGE).as_posix(), node.lineno) for path, tree in modules()
               for node in ast.walk(tree)
               if isinstance(node, ast.Call) and called(node) in {"create", "bulk_create", "get_or_create"}
               and "ActivityLog" in ast.unparse(node.func)]
    assert [module for module, _line in writers] == ["community/actions.py"]


@pytest.mark.django_db
def test_a_verb_is_stored_as_the_same_string_as_before_the_enum():
    log_activity(None, ActivityVerb.SESSION_ENDED, "Clusters Continuity through the Crisis", id=1)
    assert ActivityLog.objects.filter(verb="session.ended").count() == 1


@pytest.mark.django_db
def test_the_admins_activity_log_shows_each_verbs_label(client):
    admin = UserFactory(role="coordinator", is_staff=True, is_superuser=True)
    log_activity(admin, ActivityVerb.MINUTES_AMENDMENTS_OPENED, "Clusters Continuity through the Crisis")
    client.force_login(admin)
    page = client.get(reverse("admin:community_activitylog_changelist")).content.decode()
    assert '<td class="field-verb">Minutes opened for amendments</td>' in page
