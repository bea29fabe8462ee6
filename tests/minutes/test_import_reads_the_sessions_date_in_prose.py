"""A prose summary's date is the session's, found in its sentences in any UI language:
not the page's publication stamp, not the next session's, and a day written without its
year takes the year of the page."""

import datetime as dt

import pytest

from alliance.minutes.importer import parse

BODY = ("Clusters from six countries reported that orders fell sharply. Members need bridging loans. "
        "The region should speed up payments to suppliers.")


def summary(*lines):
    return "\n\n".join(["# Cluster news", *lines, BODY]).encode()


@pytest.mark.parametrize(("sentence", "day"), [
    ("At the session of 21 May, the participants looked at the textile ecosystem.", dt.date(2020, 5, 21)),
    ("The meeting on Thursday 21 May 2020 looked at the textile ecosystem.", dt.date(2020, 5, 21)),
    ("In der Sitzung am 21. Mai 2020 ging es um die Textilbranche.", dt.date(2020, 5, 21)),
    ("Lors de la réunion du 21 mai, les clusters ont parlé du textile.", dt.date(2020, 5, 21)),
    ("Nell'incontro del 21 maggio 2020 si è parlato di tessile.", dt.date(2020, 5, 21)),
    ("La sesión del 21 de mayo reunió a los clústeres del textil.", dt.date(2020, 5, 21)),
], ids=["en", "en-weekday", "de", "fr", "it", "es"])
def test_the_date_is_found_inside_a_sentence_and_the_sentence_stays_content(sentence, day):
    parsed = parse("news.md", summary("Published on 2 June 2020", sentence))
    assert parsed.starts_at.date() == day
    assert any(sentence.rstrip(".") in item.text for item in parsed.items)


def test_a_publication_stamp_is_not_the_sessions_date():
    parsed = parse("news.md", summary("Last updated: 30 May 2020", "The webinar was held on 26 May 2020."))
    assert parsed.starts_at.date() == dt.date(2020, 5, 26)


def test_the_next_sessions_date_is_not_this_sessions():
    parsed = parse("news.md", summary("The next meeting will take place on 9 June 2020.",
                                      "Participants met on 2 June 2020 to discuss tourism."))
    assert parsed.starts_at.date() == dt.date(2020, 6, 2)


def test_a_weekday_chooses_the_year_of_a_day_written_without_one():
    # Published in January 2021 about a Thursday 17 December: 2020's, not 2021's.
    parsed = parse("news.md", summary("Posted on 8 January 2021", "The session of Thursday 17 December was the last."))
    assert parsed.starts_at.date() == dt.date(2020, 12, 17)


def test_a_time_beside_the_date_is_the_start():
    parsed = parse("news.md", summary("The session, held on 14 May 2020 at 10:00 CET, gathered 30 clusters."))
    assert parsed.starts_at.isoformat() == "2020-05-14T10:00:00+02:00"


def test_a_page_with_only_a_publication_stamp_has_no_session_date():
    from alliance.minutes.importer import ImportRefusedError

    with pytest.raises(ImportRefusedError, match="no date"):
        parse("news.md", summary("Published on 2 June 2020"))
