"""The drafter (pure): the seed's structure, merged near-duplicates, citations, order, determinism."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.minutes import draft as d

BRUSSELS = ZoneInfo("Europe/Brussels")
T0 = dt.datetime(2020, 5, 21, 8, 30, tzinfo=BRUSSELS)
HEADER = d.Header(alliance="European Cluster Alliance Against Coronavirus", starts_at=T0, zone="Europe/Brussels",
                  working_format="Gilles Rules", registration_url="https://alliance.example/sessions/1/register/",
                  topic="Clusters Continuity through the Crisis")


def item(i, kind, text, org="", minute=0, turn=""):
    return d.Item(id=i, kind=kind, text=text, organisation=org, created_at=T0 + dt.timedelta(minutes=minute, seconds=i),
                  turn=turn)


def test_the_header_says_what_the_seed_says():
    md = d.to_markdown(d.draft(HEADER, []))
    assert md.startswith("# European Cluster Alliance Against Coronavirus\n")
    assert "Thursday 21 May 2020 at 08:30 (Europe/Brussels)" in md
    assert "Working format is based on “*Gilles Rules*” (designed to allow everybody to speak and share" in md
    assert "[Link to registration of the session](https://alliance.example/sessions/1/register/)" in md
    assert "Topic of the day: **Clusters Continuity through the Crisis**" in md


def test_the_sections_come_in_the_seeds_order():
    md = d.to_markdown(d.draft(HEADER, [
        item(1, "reference", "[paper](https://example.org/p)"), item(2, "solution", "A platform"),
        item(3, "need", "Masks"), item(4, "framework", "Why we met", turn="t"),
    ], [d.Turn(id="t", speaker="Ana", started_at=T0)]))
    assert [line[3:] for line in md.split("\n") if line.startswith("## ")] == list(d.SECTIONS)


def test_kinds_go_to_their_sections_and_needs_share_one_with_disruptions():
    result = d.draft(HEADER, [
        item(1, "framework", "A **brainstorming session** on cluster needs."),
        item(2, "disruption", "Companies are **struggling to pay** their fees.", "Org A"),
        item(3, "need", "Need FFP2 masks for 300 workers in Lombardy.", "Org B"),
        item(4, "solution", "An online event platform for members.", "Org C"),
        item(5, "reference", "[read this paper](https://example.org/paper)", "Org C"),
    ])
    assert [b.sources for b in result.framework] == [(1,)]
    assert sorted(b.sources for b in result.needs) == [(2,), (3,)]
    assert [b.sources for b in result.solutions] == [(4,)]
    assert result.references == (d.Reference("read this paper", "https://example.org/paper", (5,)),)


def test_near_duplicates_merge_into_one_bullet_that_keeps_every_source():
    result = d.draft(HEADER, [
        item(1, "need", "Companies are struggling to pay the cluster membership fees", "Org A"),
        item(2, "need", "Companies struggling to pay cluster membership fees", "Org B"),
        item(3, "need", "Innovation projects have been stopped by companies", "Org C"),
    ])
    assert len(result.needs) == 2
    merged = result.needs[0]
    assert merged.sources == (1, 2) and merged.organisations == ("Org A", "Org B")
    assert merged.text == "Companies are struggling to pay the cluster membership fees"  # the fuller wording


def test_bullets_are_ordered_by_how_many_organisations_raised_them_then_by_time():
    result = d.draft(HEADER, [
        item(1, "solution", "Guarantee fund for cluster members", "Org A", minute=1),
        item(2, "solution", "Shared platform for online events of members", "Org B", minute=2),
        item(3, "solution", "Shared platform for online events of all members", "Org C", minute=3),
        item(4, "solution", "Mentoring by retired engineers", "Org D", minute=0),
    ])
    assert [b.sources for b in result.solutions] == [(2, 3), (4,), (1,)]


def test_every_bullet_cites_its_contributions_and_organisations_and_keeps_bold():
    md = d.to_markdown(d.draft(HEADER, [
        item(7, "need", "Need to **reinvent the services** for members", "Basque Cluster"),
        item(9, "need", "Need to reinvent the services for our members", "Cluster Lombardia"),
    ]))
    assert "- Need to **reinvent the services** for members *(Basque Cluster, Cluster Lombardia · #7 #9)*" in md


def test_links_inside_contributions_become_references_once():
    result = d.draft(HEADER, [
        item(1, "solution", "See the [big failure of small governments](https://ps.example/a)", "A"),
        item(2, "reference", "[big failure of small governments](https://ps.example/a)", "B"),
        item(3, "framework", "Background: https://ec.europa.eu/clusters.", ""),
    ])
    assert [(r.title, r.url, r.sources) for r in result.references] == [
        ("big failure of small governments", "https://ps.example/a", (1, 2)),
        ("https://ec.europa.eu/clusters", "https://ec.europa.eu/clusters", (3,)),
    ]


def test_a_citation_comes_off_again():
    bullet = d.Bullet("Need **masks** (FFP2)", (3, 4), ("Org (Milan)",))
    assert d.strip_citation(f"{bullet.text}{d.citation(bullet)}") == "Need **masks** (FFP2)"


kinds = st.sampled_from(["framework", "disruption", "need", "solution", "reference", "other"])
words = st.sampled_from([
    "masks", "fees", "projects", "stopped", "trust", "members", "platform", "online", "region",
    "workers", "tourism", "hospital", "suppliers", "liquidity", "training", "**key**",
    "[paper](https://x.example/p)",
])
texts = st.lists(words, min_size=1, max_size=12).map(" ".join)
orgs = st.sampled_from(["", "Org A", "Org B", "Org C"])


@st.composite
def contributions(draw):
    rows = draw(st.lists(st.tuples(kinds, texts, orgs, st.integers(0, 59)), max_size=30))
    return [item(i + 1, k, t, o, m) for i, (k, t, o, m) in enumerate(rows)]


@settings(max_examples=150, deadline=None)
@given(contributions())
def test_every_contribution_is_cited_exactly_once_in_its_section(items):
    result = d.draft(HEADER, items)
    for section, bullets in (("framework", result.framework), ("needs", result.needs),
                             ("solution", result.solutions)):
        wanted = {"framework": {"framework"}, "needs": {"disruption", "need"}, "solution": {"solution"}}[section]
        cited = [s for b in bullets for s in b.sources]
        assert sorted(cited) == sorted(i.id for i in items if i.kind in wanted)


@settings(max_examples=150, deadline=None)
@given(contributions(), st.randoms(use_true_random=False))
def test_the_same_contributions_in_any_order_give_the_same_draft(items, rng):
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert d.to_markdown(d.draft(HEADER, items)) == d.to_markdown(d.draft(HEADER, shuffled))


@settings(max_examples=100, deadline=None)
@given(contributions())
def test_bullets_never_rank_above_one_raised_by_more_organisations(items):
    for bullets in (d.draft(HEADER, items).needs, d.draft(HEADER, items).solutions):
        voices = [len({o or f"#{s}" for o, s in zip_voices(b, items)}) for b in bullets]
        assert voices == sorted(voices, reverse=True)


def zip_voices(bullet, items):
    by_id = {i.id: i for i in items}
    return [(by_id[s].organisation, s) for s in bullet.sources]
