"""The rule-based sentence splitter (invented sentences)."""

from __future__ import annotations

import pytest

from presswatch.nlp.sentences import split_sentences


def parts(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Mr. Smith went to Riverton. He said \"No!\" Then he left.",
     ["Mr. Smith went to Riverton.", "He said \"No!\"", "Then he left."]),
    ("The U.S. Senate voted. J. Smith objected... \"Why?\" asked he. 2020 was bad.",
     ["The U.S. Senate voted.", "J. Smith objected...", "\"Why?\" asked he.", "2020 was bad."]),
    ("Он сказал. Это правда.", ["Он сказал.", "Это правда."]),
    ("no capital after the dot. so one sentence", ["no capital after the dot. so one sentence"]),
    ("What? (Really.) Yes.", ["What?", "(Really.)", "Yes."]),
    ("  one without an end  ", ["one without an end"]),
    ("Troops left on Jan. 5 and Gen. Lee stayed.", ["Troops left on Jan. 5 and Gen. Lee stayed."]),
])
def test_split(text, expected):
    assert parts(text) == expected


def test_blank_text_has_no_sentences():
    assert split_sentences("") == [] and split_sentences(" \n\t") == []
