"""manage.py serve loads and warms the application, then freezes everything start-up
built out of the garbage collector's sight, before Uvicorn takes its first request —
and it does so without touching the database."""

import gc

import pytest
from django.core.management import call_command
from django.template import engines


@pytest.fixture
def uvicorn_run(monkeypatch):
    """Uvicorn's run, recorded instead of serving: what it was given and what was frozen then."""
    import uvicorn

    calls = []

    def run(app, **options):
        calls.append({"app": app, "options": options, "frozen": gc.get_freeze_count()})

    monkeypatch.setattr(uvicorn, "run", run)
    yield calls
    gc.unfreeze()


def cached_loaders():
    return [loader for engine in engines.all() for loader in engine.engine.template_loaders
            if hasattr(loader, "get_template_cache")]


def cached_template_names():
    return {key for loader in cached_loaders() for key in loader.get_template_cache}


def test_uvicorn_gets_the_loaded_application_after_start_up_is_frozen(uvicorn_run):
    from alliance.asgi import application

    gc.unfreeze()
    call_command("serve", "--port", "8765")

    (call,) = uvicorn_run
    assert call["app"] is application
    assert call["frozen"] > 10_000
    assert call["options"]["port"] == 8765 and call["options"]["ws_per_message_deflate"] is False


def test_the_projects_templates_are_compiled_before_the_first_request(uvicorn_run):
    for loader in cached_loaders():
        loader.reset()  # whatever earlier tests rendered
    assert "base.html" not in cached_template_names()

    call_command("serve", "--port", "8765")

    assert {"base.html", "community/directory.html", "meetings/session_detail.html"} <= cached_template_names()
