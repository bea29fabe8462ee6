"""The drafter (pure) keeps the spoken round — every turn with its speaker, point and the
scribe's captures —, opens the conceptual framework with the session's own framing, and
leaves out every section that has nothing in it."""

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.minutes import draft as d
from tests.minutes.test_drafter import HEADER, T0, contributions, item


def turn(key, speaker, minute, point="", org=""):
    return d.Turn(id=key, speaker=speaker, started_at=T0 + dt.timedelta(minutes=minute), point=point,
                  organisation=org)


def captured(i, kind, text, key, org="", minute=0):
    return dataclasses.replace(item(i, kind, text, org, minute), turn=key)


def test_the_spoken_round_lists_each_turn_with_its_point_and_captures_in_time_order():
    turns = [turn("b", "Ben Ode", 5, "Hospitals need masks"),
             turn("a", "Ana Ribeiro", 1, "Members cannot pay their fees", "Basque Aerospace Cluster")]
    items = [captured(3, "need", "Need **FFP2 masks** for 300 workers", "b", "Hospital A", 6),
             captured(1, "disruption", "Fees are unpaid since March", "a", "Basque Aerospace Cluster", 2),
             captured(2, "solution", "A guarantee fund", "a", "Basque Aerospace Cluster", 3),
             item(4, "solution", "Written, not spoken", "Org C", 4)]
    md = d.to_markdown(d.draft(HEADER, items, turns))
    section = md[md.index(f"## {d.SECTION_ROUND}"):]
    assert section.startswith(
        "## Spoken round\n\n"
        "- **Ana Ribeiro** (Basque Aerospace Cluster): Members cannot pay their fees\n"
        "    - Fees are unpaid since March *(Basque Aerospace Cluster · #1)*\n"
        "    - A guarantee fund *(Basque Aerospace Cluster · #2)*\n"
        "- **Ben Ode**: Hospitals need masks\n"
        "    - Need **FFP2 masks** for 300 workers *(Hospital A · #3)*\n")
    assert "Written, not spoken" not in section
    assert "- Written, not spoken" in md  # still a solution


def test_a_turn_without_captures_or_point_still_says_who_had_the_floor():
    md = d.to_markdown(d.draft(HEADER, [], [turn("a", "Ana Ribeiro", 1)]))
    assert "## Spoken round\n\n- **Ana Ribeiro**\n" in md


def test_the_sessions_framing_opens_the_conceptual_framework():
    header = dataclasses.replace(HEADER, framing="Clusters as **intermediaries**.\r\n\r\n# Not a heading\nat all")
    md = d.to_markdown(d.draft(header, [item(1, "framework", "A brainstorming session.", "Org A")]))
    framework = md[md.index(f"## {d.SECTION_FRAMEWORK}"):]
    assert framework.startswith("## Conceptual framework\n\nClusters as **intermediaries**.\n\n"
                                "\\# Not a heading at all\n\nA brainstorming session. *(Org A · #1)*\n")


def test_empty_sections_and_a_missing_registration_link_are_left_out():
    header = dataclasses.replace(HEADER, registration_url="")
    md = d.to_markdown(d.draft(header, [item(1, "solution", "An online platform", "Org A")]))
    assert "## Solutions" in md
    for title in (d.SECTION_FRAMEWORK, d.SECTION_NEEDS, d.SECTION_ROUND, d.SECTION_REFERENCES):
        assert f"## {title}" not in md
    assert "registration" not in md.lower()


turn_keys = st.sampled_from(["", "t1", "t2", "t3"])


@st.composite
def a_session(draw):
    items = [dataclasses.replace(i, turn=draw(turn_keys)) for i in draw(contributions())]
    turns = [turn(key, f"Speaker {key}", draw(st.integers(0, 59)), draw(st.sampled_from(["", "a point"])))
             for key in draw(st.lists(st.sampled_from(["t1", "t2", "t3"]), unique=True))]
    return items, turns


@settings(max_examples=150, deadline=None)
@given(a_session(), st.randoms(use_true_random=False))
def test_the_same_session_in_any_order_gives_the_same_draft(session, rng):
    items, turns = session
    shuffled_items, shuffled_turns = list(items), list(turns)
    rng.shuffle(shuffled_items)
    rng.shuffle(shuffled_turns)
    assert d.to_markdown(d.draft(HEADER, items, turns)) == d.to_markdown(d.draft(HEADER, shuffled_items,
                                                                                 shuffled_turns))


@settings(max_examples=150, deadline=None)
@given(a_session())
def test_every_turn_is_listed_once_with_exactly_the_captures_made_in_it(session):
    items, turns = session
    result = d.draft(HEADER, items, turns)
    assert sorted(s.turn.id for s in result.round) == sorted(t.id for t in turns)
    for spoken in result.round:
        assert sorted(c.sources[0] for c in spoken.captures) == sorted(
            i.id for i in items if i.turn == spoken.turn.id and d.one_line(i.text))


@settings(max_examples=100, deadline=None)
@given(a_session())
def test_no_section_heading_is_written_without_something_under_it(session):
    lines = d.to_markdown(d.draft(HEADER, *session)).split("\n")
    for index, line in enumerate(lines):
        if line.startswith("## "):
            following = next((x for x in lines[index + 1:] if x.strip()), "## end")
            assert not following.startswith("#")
