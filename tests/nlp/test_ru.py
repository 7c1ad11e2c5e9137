"""The Russian layer (natasha, pymorphy3, razdel) on invented sentences: offsets, lemmas, syntax, entities."""

from __future__ import annotations

import subprocess
import sys

from presswatch.nlp import ru

TEXT = (
    "Вчера вечером глава района Олег Сизов заявил журналистам в Гадруте, что дорогу откроют.\n\n"
    "По данным управления, ремонт мостов закончится к осени."
)


def test_offsets_lemmas_and_sentences():
    p = ru.parse(TEXT)
    for t in p.tokens:
        assert TEXT[t.start : t.end] == t.text
    assert len(p.sentence_spans()) == 2
    assert TEXT[p.sentence_spans()[1][0] :].startswith("По данным")
    by_text = {t.text: t for t in p.tokens}
    assert by_text["заявил"].lemma == "заявить"
    assert by_text["мостов"].lemma == "мост"
    assert by_text["По"].pos == "ADP"


def test_syntax_gives_the_subject_of_the_verb():
    p = ru.parse(TEXT)
    verb = next(t for t in p.tokens if t.text == "заявил")
    subj = [p.tokens[k] for k in verb.kids if p.tokens[k].rel == "nsubj"]
    assert subj and subj[0].text in ("глава", "Олег", "Сизов")
    a, b = p.subtree(subj[0].i)
    assert "Сизов" in TEXT[p.tokens[a].start : p.tokens[b - 1].end]


def test_entities_in_character_offsets_with_their_nominative():
    p = ru.parse("Встреча прошла в Нагорном Карабахе, её открыл Олег Сизов.")
    got = {(e.label, e.text): e.normal for e in p.ents}
    assert got[("LOC", "Нагорном Карабахе")] == "Нагорный Карабах"
    assert ("PER", "Олег Сизов") in got


def test_function_words_are_known_out_of_context():
    assert ru.is_function_word("По")
    assert ru.is_function_word("Во")
    assert not ru.is_function_word("Степанакерт")


def test_importing_presswatch_does_not_load_natasha():
    code = (
        "import sys, presswatch, presswatch.cli, presswatch.analyzers.places, presswatch.nlp.ru; "
        "print(any(m.split('.')[0] in ('natasha', 'slovnet', 'navec', 'pymorphy3') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
