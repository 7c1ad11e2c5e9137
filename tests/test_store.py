import sqlite3

import pytest

from presswatch.errors import ConfigError, NotFoundError, StoreError
from presswatch.model import Document, Span
from presswatch.store import open_store, resolve_target
from presswatch.store.sqlite import MIGRATIONS, fts_query


def make_doc(text="Peacekeepers reported one violation near the Lachin corridor.", **kw):
    d = Document(text=text, title=kw.pop("title", "Daily bulletin"), source=kw.pop("source", "Mission"),
                 source_domain="mission.example", url=kw.pop("url", "https://mission.example/1"),
                 language="en", kind="html", **kw)
    d.spans.append(Span(45, 52, "GPE", "entities", {"text": "Lachin"}))
    d.analyzers["entities"] = "1"
    return d


def test_put_get_round_trip(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        doc = make_doc(published="2022-03-08", published_from="json-ld", authors=["Press Office"])
        assert store.put(doc).status == "new"
        back = store.get(doc.id)
        assert back == doc
        assert store.get(doc.id[:8]).id == doc.id
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_text_is_stored_once_and_urls_are_kept(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        a = make_doc(url="https://mission.example/1")
        b = make_doc(url="https://mirror.example/copy")
        assert store.put(a).status == "new"
        assert store.put(b, seen_url=b.url).status == "unchanged"
        assert store.count() == 1
        assert set(store.urls(a.id)) == {"https://mission.example/1", "https://mirror.example/copy"}
        c = make_doc()
        c.analyzers["entities"] = "2"
        c.spans = [Span(0, 12, "ORG", "entities", {})]
        assert store.put(c).status == "updated"
        assert [s.label for s in store.get(a.id).spans] == ["ORG"]
        assert store.count() == 1


def test_search(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        store.put(make_doc())
        store.put(make_doc("Gas supplies to Stepanakert were interrupted for hours.", title="Gas cut"))
        store.put(make_doc("Шахтёры вышли на смену после перерыва.", title="Сводка"))
        hits = store.search("lachin corridor")
        assert len(hits) == 1 and hits[0].title == "Daily bulletin" and "[Lachin]" in hits[0].snippet
        assert store.search("Nagorno-Karabakh") == []  # a hyphenated word is a phrase, not syntax
        assert store.search("stepanakert")[0].title == "Gas cut"
        assert store.search("шахтеры")[0].title == "Сводка"  # diacritics folded
        assert len(store.search("gas OR lachin", raw=True)) == 2
        with pytest.raises(StoreError, match="bad search query"):
            store.search('"unbalanced', raw=True)
        assert fts_query('say "hi" AND') == '"say" "hi" "AND"'


def test_not_found_and_bad_ids(tmp_path):
    with open_store(tmp_path / "s.sqlite") as store:
        with pytest.raises(NotFoundError, match="no stored document"):
            store.get("abcdef")
        with pytest.raises(NotFoundError, match="not a document id"):
            store.get("zz; drop table")


def test_migrations_recorded_and_newer_schema_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    with open_store(path) as store:
        assert store.schema_version == len(MIGRATIONS)
    con = sqlite3.connect(path)
    con.execute("INSERT INTO schema_migrations VALUES (?, 'later')", (len(MIGRATIONS) + 1,))
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(bad)


def test_targets(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSWATCH_DB", str(tmp_path / "env.sqlite"))
    assert resolve_target(None) == str(tmp_path / "env.sqlite")
    assert resolve_target("x.sqlite") == "x.sqlite"
    with pytest.raises(ConfigError, match="PostgreSQL"):
        open_store("postgresql://localhost/db")
    with pytest.raises(ConfigError, match="scheme"):
        open_store("mysql://x")
    with open_store(f"sqlite:///{tmp_path / 'u.sqlite'}") as s:
        assert s.count() == 0


def test_upgrade_from_schema_1_keeps_documents(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT)")
    for stmt in MIGRATIONS[0].split(";"):
        if stmt.strip():
            con.execute(stmt)
    con.execute("INSERT INTO schema_migrations VALUES (1, 'then')")
    con.execute("""INSERT INTO documents (id, text, kind, ingested_at, updated_at)
                   VALUES ('0123456789abcdef0123', 'An old document.', 'text', 'then', 'then')""")
    con.commit()
    con.close()
    with open_store(path) as store:
        assert store.schema_version == len(MIGRATIONS) >= 2
        old = store.get("0123456789abcdef0123")
        assert old.text == "An old document." and old.summaries == {}
        doc = make_doc()
        doc.summaries["entities"] = {"count": 1, "share": {"GPE": 1.0}}
        store.put(doc)
        assert store.get(doc.id).summaries == {"entities": {"count": 1, "share": {"GPE": 1.0}}}


ARTICLE = " ".join(
    f"Sentence {i}: the observers counted {i * 3} vehicles on the road near the river crossing." for i in range(40)
)


def test_near_duplicates_are_stored_and_linked(tmp_path):
    from presswatch.ingest.dedupe import MAX_DISTANCE, distance, simhash

    with open_store(tmp_path / "s.sqlite") as store:
        first = make_doc(ARTICLE)
        assert store.put(first).near_duplicate_of is None
        edited = make_doc(ARTICLE.replace("Sentence 7:", "Line seven:") + " Correction: a figure was wrong.")
        assert distance(simhash(first.text), simhash(edited.text)) <= MAX_DISTANCE
        res = store.put(edited)
        assert res.status == "new" and res.near_duplicate_of == first.id
        assert store.near_duplicate_of(edited.id) == first.id and store.count() == 2
        other = make_doc(" ".join(f"Item {i}: prices of bread and milk rose by {i} percent in the capital."
                                  for i in range(40)))
        assert store.put(other).near_duplicate_of is None
        assert store.put(make_doc("Too short to hash.")).near_duplicate_of is None
