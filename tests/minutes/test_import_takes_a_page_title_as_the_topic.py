"""A page's title is the session's topic when no "Topic of the day" line names one; the
alliance's name above it is not."""

from alliance.minutes.importer import parse

BODY = "The session of 3 June 2020 looked at energy prices. Many plants stopped production."


def test_a_first_heading_is_the_topic_even_when_it_names_a_kind():
    parsed = parse("a.md", f"# Energy-intensive industries: disruptions and needs\n\n{BODY}\n".encode())
    assert parsed.topic == "Energy-intensive industries: disruptions and needs"
    assert not parsed.headed and len(parsed.items) == 2


def test_a_plain_text_title_line_is_the_topic():
    parsed = parse("a.txt", f"Energy prices and the steel industry\n\n{BODY}\n".encode())
    assert parsed.topic == "Energy prices and the steel industry"


def test_a_topic_line_wins_over_the_title():
    parsed = parse("a.md", f"# European Cluster Alliance\n\nTopic of the day: Steel\n\n{BODY}\n".encode())
    assert parsed.topic == "Steel" and parsed.alliance == "European Cluster Alliance"


def test_the_alliance_beside_a_title_is_not_the_topic():
    parsed = parse("a.md", f"# European Cluster Alliance – Energy prices\n\n{BODY}\n".encode())
    assert parsed.topic == "Energy prices" and parsed.alliance == "European Cluster Alliance"


def test_a_subheading_of_a_prose_page_does_not_make_it_a_headed_summary():
    text = f"# Energy prices\n\n{BODY}\n\n## Solutions\n\nThe region should cap network tariffs.\n"
    parsed = parse("a.md", text.encode())
    assert not parsed.headed and len(parsed.items) == 3
