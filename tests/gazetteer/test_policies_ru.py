"""Naming policies applied to Russian texts: a rule written in the text's script wins (invented sentences)."""

from __future__ import annotations

from presswatch.analyzers import Resources, run
from presswatch.gazetteer.policy import check, load_policy
from presswatch.model import Document


def _violations(text: str, lang: str, policy: str = "am-official") -> dict[str, str | None]:
    doc = run(["sourcing", "places"], Document(text, language=lang), Resources())
    return {v.text: v.suggestion for v in check(doc, load_policy(policy))}


def test_a_russian_text_is_told_the_russian_form():
    got = _violations("Вчера в Ханкенди открылся новый рынок.", "ru")
    assert got == {"Ханкенди": "Степанакерт"}


def test_an_english_text_is_still_told_the_english_form():
    got = _violations("A new market opened in Khankendi yesterday.", "en")
    assert got == {"Khankendi": "Stepanakert"}


def test_an_inflected_russian_name_is_checked_by_the_name_it_inflects():
    got = _violations("Колонна прошла мимо Агдама и остановилась под Шушой.", "ru")
    # the policy has no Russian form for Shusha: its own suggestion stands
    assert got == {"Шушой": "Shushi"}
