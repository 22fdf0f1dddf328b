"""The name matcher: a table of tricky names, as many negatives as positives."""

from __future__ import annotations

import pytest

from safereply.providers.matching import RosterEntry, find_clinicians, nickname_groups, sound_key

ROSTER = (
    RosterEntry(1, "Maria", "Alvarez", "Dr."),
    RosterEntry(2, "James", "Okafor", "NP"),
    RosterEntry(3, "Grace", "Lee", "Dr."),
    RosterEntry(4, "Robert", "Johnson", "Dr."),
    RosterEntry(5, "William", "Young", "PA"),
    RosterEntry(6, "José", "Ramírez", "Dr."),
)


@pytest.mark.parametrize("text,ids", [
    ("Dr. Jonson never looked at my chart.", [4]),  # misspelled, sounds the same
    ("Dr Johnsen was rude", [4]),
    ("Bob Johnson at the front", [4]),  # nickname + surname
    ("Dr. Bobby was kind", [4]),  # title + nickname
    ("Jimmy Okafor rushed me.", [2]),
    ("Okafor's nurse was great", [2]),  # possessive
    ("La Dra. Álvarez no me escuchó.", [1]),  # Spanish title, accent
    ("la doctora alvarez nunca llegó", [1]),  # no capitals after a title
    ("El doctor Ramirez me gritó.", [6]),  # accent missing in the post
    ("Pepe Ramírez es el peor.", [6]),  # Spanish nickname
    ("PA Young was dismissive.", [5]),  # a common word after a title
    ("Will Young lost my forms", [5]),  # a common word beside the other half
    ("Dr. Lee was late.", [3]),
    ("Johnson was the worst.", [4]),  # surname alone, capitalized
])
def test_it_finds_the_clinicians_a_post_names(text, ids):
    assert sorted(m.id for m in find_clinicians(text, ROSTER)) == ids


@pytest.mark.parametrize("text", [
    "Dr. Leeds was late.",  # short names match exactly: Leeds is someone else
    "Young people waited for hours.",  # a common word alone is not a name
    "Will anyone call me back?",
    "The bill was wrong and Grace period was ignored.",
    "I could see the sea from the lobby.",
    "The Jameson building is old.",
    "johnson & johnson shampoo in the bathroom",  # lowercase, no title
    "Dr. Smith was lovely.",  # not on the roster
    "Nobody there cared.",
    "Mario at the desk was rude.",  # close to Maria, but a first name alone must be spelled right
])
def test_it_does_not_match_what_is_not_a_clinicians_name(text):
    assert find_clinicians(text, ROSTER) == ()


def test_each_match_carries_a_confidence_and_the_rule_that_found_it():
    exact, typo, alone = (find_clinicians(t, ROSTER)[0] for t in
                          ("Robert Johnson", "Dr. Jonson", "Bobby was kind"))
    assert exact.score == 100 and exact.rule == "full name"
    assert typo.rule == "title and surname" and 80 <= typo.score < 100
    assert alone.rule == "first name alone" and alone.score < typo.score


def test_the_nickname_table_is_symmetric_within_a_group():
    assert "bob" in nickname_groups()["robert"] and "robert" in nickname_groups()["bob"]
    assert "pepe" in nickname_groups()["jose"]


def test_sound_keys_join_common_spellings():
    assert sound_key("Jonson") == sound_key("Johnson")
    assert sound_key("Alvares") == sound_key("Álvarez")
