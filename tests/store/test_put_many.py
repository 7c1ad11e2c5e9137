"""Store.put_many: a batch stored in one transaction gives what one put per document gives, on both backends, and
a document that cannot be stored costs only itself."""

import pytest

from presswatch.model import Document, Span
from presswatch.report.jsonout import document_json
from presswatch.store import open_store
from presswatch.store.base import PutManyError

BASE = ("Observers of the mission counted {n} convoys on the northern road on Tuesday, and the district office "
        "said that {m} families had asked for water, fuel and medicine before the pass was closed by snow.")


def _doc(n: int, m: int = 3, *, analyzer: str = "entities", version: str = "1", url: str | None = None,
         source: str | None = None) -> Document:
    d = Document(
        text=BASE.format(n=n, m=m),
        title=f"Bulletin {n}",
        source=source or f"Outlet {n % 3}",
        source_domain=f"outlet{n % 3}.example",
        url=url or f"https://outlet{n % 3}.example/{n}",
        language="en",
        kind="html",
        published=f"2024-02-{n % 28 + 1:02d}",
    )
    d.spans.append(Span(0, 9, "ORG", analyzer, {"n": n}))
    d.analyzers[analyzer] = version
    d.summaries[analyzer] = {"count": n}
    return d


def _batch() -> tuple[list[Document], list[str | None]]:
    """Documents of every kind put can meet, in an order where each matters: new ones, a near-copy of an earlier one
    of the batch, the same text twice (unchanged, then updated by another analyzer), seen at other URLs."""
    docs = [
        _doc(1),
        _doc(2),
        _doc(1, 4),  # one word differs from document 1: a near-duplicate of it
        _doc(2, url="https://mirror.example/2"),  # the same text as document 2: unchanged, one more URL
        _doc(1, analyzer="sourcing", version="2"),  # the same text as 1, another analyzer's result: updated
        _doc(5, source="Agency"),
        _doc(2),
    ]
    seen: list[str | None] = [None, "warc:rec/2", None, "https://seen.example/2", None, None, None]
    return docs, seen


def _snapshot(store) -> dict[str, object]:
    docs = sorted(store.iter_documents(), key=lambda d: d.id)
    return {
        "count": store.count(),
        "json": [document_json(d) for d in docs],
        "urls": {d.id: sorted(store.urls(d.id)) for d in docs},
        "near": {d.id: store.near_duplicate_of(d.id) for d in docs},
        "sources": store.source_counts(),
    }


def test_put_many_equals_one_put_per_document(target, tmp_path):
    docs, seen = _batch()
    with open_store(tmp_path / "one_by_one.sqlite") as one:
        expected = [one.put(d, seen_url=u) for d, u in zip(docs, seen, strict=True)]
        want = _snapshot(one)
    docs, seen = _batch()
    with open_store(target) as store:
        got = store.put_many(docs, seen_urls=seen)
        assert got == expected
        assert [r.status for r in got] == ["new", "new", "new", "unchanged", "updated", "new", "unchanged"]
        assert got[2].near_duplicate_of == docs[0].id
        assert _snapshot(store) == want
        # again, with replace: every document already stored is analysed again ("updated"), none added
        again = store.put_many(_batch()[0], replace=True)
        assert [r.status for r in again] == ["updated"] * 7
        assert store.count() == want["count"]
        assert store.put_many([]) == []


def test_a_bad_document_costs_only_itself(target):
    good_a, good_b = _doc(10), _doc(11)
    bad = _doc(12)
    # what neither backend can store: a list where SQLite takes a date, a word where PostgreSQL takes a number
    bad.published = ["not", "a", "date"]  # type: ignore[assignment]
    bad.language_score = "high"  # type: ignore[assignment]
    with open_store(target) as store:
        with pytest.raises(PutManyError, match=f"document {bad.id}") as info:
            store.put_many([good_a, bad, good_b])
        results = info.value.results
        assert [r.status if r else None for r in results] == ["new", None, "new"]
        assert [i for i, _ in info.value.errors] == [1]
        assert store.count() == 2
        assert {d.id for d in store.iter_documents()} == {good_a.id, good_b.id}
        assert store.urls(good_b.id) == [good_b.url]


def test_put_many_checks_its_seen_urls(target):
    with open_store(target) as store, pytest.raises(ValueError, match="one seen URL"):
        store.put_many([_doc(1), _doc(2)], seen_urls=[None])


def test_the_closest_near_copy_is_picked_as_on_sqlite(target, tmp_path):
    # one text and versions of it with a few words changed: each new version nearly repeats several stored ones, at
    # different distances (and some at the same): every backend names the same, closest one
    import random

    rng = random.Random(9)
    stems = ["road", "convoy", "village", "bridge", "office"]
    words = [f"{rng.choice(stems)}{rng.randint(0, 999)}" for _ in range(300)]
    texts = []
    for k in range(12):
        version = list(words)
        for i in rng.sample(range(len(words)), k % 5):
            version[i] = f"changed{k}x{i}"
        texts.append(" ".join(version))
    docs = [Document(text=t, title=f"v{k}", language="en") for k, t in enumerate(texts)]
    with open_store(tmp_path / "reference.sqlite") as ref:
        want = [r.near_duplicate_of for r in ref.put_many(docs)]
    with open_store(target) as store:
        assert [r.near_duplicate_of for r in store.put_many(docs)] == want
    assert sum(w is not None for w in want) >= 8


def test_the_batcher_stores_every_size_documents_and_reports_each_in_order(tmp_path, monkeypatch):
    from presswatch.store.batch import PutBatcher

    seen: list[tuple[str, str]] = []
    with open_store(tmp_path / "b.sqlite") as store:
        calls: list[int] = []
        put_many = store.put_many
        monkeypatch.setattr(store, "put_many", lambda docs, **kw: calls.append(len(docs)) or put_many(docs, **kw))
        batcher = PutBatcher(store, lambda doc, res: seen.append((doc.id, res.status)), size=3, wait_s=3600)
        docs = [_doc(n) for n in range(7)] + [_doc(0)]
        for d in docs:
            batcher.add(d)
        assert calls == [3, 3] and len(batcher) == 2 and store.count() == 6
        batcher.flush()
        batcher.flush()  # nothing left: no call
        assert calls == [3, 3, 2]
        assert seen == [(d.id, "new") for d in docs[:7]] + [(docs[0].id, "unchanged")]


def test_the_batcher_does_not_keep_a_document_waiting_long(tmp_path):
    from presswatch.store.batch import PutBatcher

    with open_store(tmp_path / "b.sqlite") as store:
        batcher = PutBatcher(store, lambda doc, res: None, size=100, wait_s=0.0)
        batcher.add(_doc(1))
        assert len(batcher) == 0 and store.count() == 1


def test_the_batcher_reports_the_stored_documents_of_a_batch_that_failed(tmp_path):
    from presswatch.store.batch import PutBatcher

    bad = _doc(3)
    bad.published = ["no"]  # type: ignore[assignment]
    seen: list[str] = []
    with open_store(tmp_path / "b.sqlite") as store:
        batcher = PutBatcher(store, lambda doc, res: seen.append(doc.id), size=3)
        batcher.add(_doc(1))
        batcher.add(bad)
        with pytest.raises(PutManyError, match=bad.id):
            batcher.add(_doc(2))
        assert seen == [_doc(1).id, _doc(2).id] and store.count() == 2 and len(batcher) == 0


def test_the_batcher_adds_where_a_waiting_document_was_seen_after_its_own_urls(target):
    from presswatch.store.batch import PutBatcher

    with open_store(target) as store:
        batcher = PutBatcher(store, lambda doc, res: None, size=10, wait_s=3600)
        a, b = _doc(1), _doc(2)
        batcher.add(a)
        assert batcher.see(a.id, "docs/one.html") and not batcher.see(b.id, "docs/two.html")
        batcher.add(b)
        assert batcher.see(b.id, "docs/two.html") and batcher.see(a.id, "docs/copy-of-one.html")
        assert store.count() == 0
        batcher.flush()
        assert store.urls(a.id) == [a.url, "docs/one.html", "docs/copy-of-one.html"]
        assert store.urls(b.id) == [b.url, "docs/two.html"]
        assert not batcher.see(a.id, "docs/later.html")  # stored: the caller adds it itself
