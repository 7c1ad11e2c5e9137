"""Invented documents and two tiny analyzers for the engine tests, importable by worker processes (a spawned
process re-imports what the test registered)."""

from __future__ import annotations

from presswatch.model import Document, Span

calls: list[str] = []  # ids of the documents ``tick`` annotated in this process


class TickAnalyzer:
    """Marks the first word; records each document it reads."""

    name = "tick"
    version = "1"
    languages = None
    fields = ()

    def annotate(self, doc: Document, resources: object) -> list[Span]:
        calls.append(doc.id)
        end = len(doc.text.split()[0]) if doc.text.split() else 0
        return [Span(0, end, "TICK", "tick", {})]

    def summarize(self, doc: Document) -> dict[str, int]:
        return {"words": len(doc.text.split())}


class BoomAnalyzer:
    """Fails on a text that says EXPLODE, finds nothing elsewhere."""

    name = "boom"
    version = "1"
    languages = None
    fields = ()

    def annotate(self, doc: Document, resources: object) -> list[Span]:
        if "EXPLODE" in doc.text:
            raise ValueError("the analyzer broke on this text")
        return []


TEXTS = {
    "bridge.txt": "Bridge reopens\n\nEngineers in Lviv said on Tuesday that the bridge over the river would reopen "
    "next week, according to the city council.",
    "talks.txt": 'Talks resume\n\nNegotiators met in Geneva on Monday and said the talks would go on. "We are '
    'hopeful," said Anna Berg, a spokeswoman for the mediators.',
    "storm.txt": "Storm warning\n\nOfficials in Odesa warned residents of a storm on Friday. Sources who asked not "
    "to be named said schools would close.",
    "grain.txt": "Grain convoy\n\nA convoy of forty lorries left Kherson for the port on Wednesday, the regional "
    "governor said in a statement.",
    "shelling.txt": "Shelling reported\n\nThe ministry said the village of Kupiansk was shelled overnight; the other "
    "side denied it and called the report false.",
}


def write_corpus(folder, *, broken: bool = True, explode: bool = False, copy: bool = True):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    if copy:
        (folder / "zz-copy.txt").write_text(TEXTS["talks.txt"], encoding="utf-8")
    if broken:
        (folder / "broken.html").write_bytes(b"\x00\x01binary\x00" * 50)
    if explode:
        (folder / "odd.txt").write_text(
            "Odd bulletin\n\nThis text makes the test analyzer EXPLODE on purpose.", encoding="utf-8"
        )
    return folder


class DieAnalyzer:
    """Ends its process (as an out-of-memory kill would) on a text that says VANISH, finds nothing elsewhere."""

    name = "die"
    version = "1"
    languages = None
    fields = ()

    def annotate(self, doc: Document, resources: object) -> list[Span]:
        if "VANISH" in doc.text:
            import os

            os._exit(3)
        return []
