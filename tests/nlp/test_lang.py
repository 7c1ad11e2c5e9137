"""nlp.lang's letter count and script: the ASCII fast path gives what the general path gives.

The texts here are invented for the tests.
"""

from __future__ import annotations

import pytest

from presswatch.nlp import lang

TEXTS = [
    "",
    "   \n\t 2022-03-08 12:00 -- #42 (!)",
    "The council meets on Tuesday at ten o'clock.",
    "x",
    "Café owners in Zürich met on Monday.",
    "Совет собрался во вторник; the council met on Tuesday.",
    "Խորհուրդը հավաքվեց Yerevan-ում",
    "ﬁne ligature ½ ² ª º",
    "Ǆ Ɂ ʃ Ḁ ẞ",
]


def _letters_slow(text: str) -> int:
    return sum(c.isalpha() for c in text)


@pytest.mark.parametrize("text", TEXTS)
def test_letters_counts_as_str_isalpha(text):
    assert lang.letters(text) == _letters_slow(text)


def test_letters_on_every_ascii_character():
    every = "".join(chr(i) for i in range(128))
    assert lang.letters(every) == _letters_slow(every) == 52
    assert all(lang.letters(c) == int(c.isalpha()) for c in every)


def test_script_of_ascii_and_other_texts():
    assert lang.script("") is None
    assert lang.script("2022-03-08, 12:00 (!)") is None
    assert lang.script("The council meets on Tuesday.") == "Latn"
    assert lang.script("Café in Zürich") == "Latn"
    assert lang.script("Совет собрался во вторник, the council met") == "Cyrl"
    assert lang.script("Խորհուրդը հավաքվեց") == "Armn"
