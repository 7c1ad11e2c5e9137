"""Full-text search in Azerbaijani and Armenian: a word in one form finds the document that has it in another, on both
stores (invented texts)."""

from __future__ import annotations

import pytest

from presswatch.model import Document
from presswatch.store import open_store
from presswatch.store.sqlite import fts_query


@pytest.fixture()
def store(target):
    with open_store(target) as s:
        s.put(Document(text="Xankəndidə atəşkəs pozulub, kəndlərdə sakitlikdir.", title="Az1", language="az",
                       kind="text", source="Test"))
        s.put(Document(text="Şuşaya gedən yol bağlanıb.", title="Az2", language="az", kind="text", source="Test"))
        s.put(Document(text="Ստեփանակերտում երեկ կրակոցներ են լսվել։ Զինծառայողները վիրավոր չեն։", title="Hy1",
                       language="hy", kind="text", source="Test"))
        s.put(Document(text="Գորիսից եկած շարասյունը հասել է գյուղ։", title="Hy2", language="hy", kind="text",
                       source="Test"))
        s.put(Document(text="The road to Shusha was closed; peacekeepers stood by.", title="En", language="en",
                       kind="text", source="Test"))
        yield s


def _titles(store, q: str) -> list[str]:
    return sorted(h.title for h in store.search(q))


def test_azerbaijani_words_are_found_in_other_forms(store):
    assert _titles(store, "Xankəndi") == ["Az1"]
    assert _titles(store, "Xankəndiyə") == ["Az1"]
    assert _titles(store, "Şuşada") == ["Az2"]
    assert _titles(store, "kəndlərin") == ["Az1"]
    assert _titles(store, "Xankəndinin Şuşa") == []  # every word must occur


def test_armenian_words_are_found_in_other_forms(store):
    assert _titles(store, "Ստեփանակերտի") == ["Hy1"]
    assert _titles(store, "ՍՏԵՓԱՆԱԿԵՐՏԸ") == ["Hy1"]
    assert _titles(store, "զինծառայողների") == ["Hy1"]
    assert _titles(store, "Գորիսում") == ["Hy2"]


def test_english_search_is_unchanged(store):
    assert _titles(store, "peacekeeper") == ["En"]
    assert _titles(store, "Shusha") == ["En"]


def test_the_fts_query_of_azerbaijani_and_armenian_words():
    assert fts_query("Şuşaya") == '"şuşa"*'
    assert fts_query("Ստեփանակերտում yol") == '"ստեփանակերտ"* "yol"'
