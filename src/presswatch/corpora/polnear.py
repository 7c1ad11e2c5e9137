"""PolNeAR (Newell et al. 2018): news articles with attribution relations (source, cue, content) in brat standoff.

The folder holds ``data/<split>/text/<article>.txt`` and ``data/<split>/attributions/<article>_<annotator>.ann``
(one file per annotator; ``metadata.tsv`` names the designated one). Scored by :mod:`presswatch.eval.quotes`;
the sourcing cue model is fitted on it by :mod:`presswatch.train.sourcing`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from presswatch.errors import DataMissingError

DEFAULT_DATA = Path("../shared/data/quotes/polnear")
ROLES = ("source", "cue", "content")
_ANN_FILE = re.compile(r"^(?P<article>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")


@dataclass
class Attribution:
    source: list[tuple[int, int]] = field(default_factory=list)
    cue: list[tuple[int, int]] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)
    speaker: str | None = None


@dataclass
class Article:
    name: str
    text: str
    gold: list[Attribution]


def parse_ann(ann: str) -> list[Attribution]:
    """The attribution relations of one brat ``.ann`` file (events ``E<n>``)."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    events: list[list[str]] = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if not parts or len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, rng = parts[1].partition(" ")
            frags = []
            for piece in rng.split(";"):
                a, b = piece.split()
                frags.append((int(a), int(b)))
            spans[parts[0]] = (label, frags)
        elif parts[0].startswith("E"):
            events.append(parts[1].split())
    out: list[Attribution] = []
    for args in events:
        att = Attribution()
        for arg in args:
            role, _, tid = arg.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in ROLES and tid in spans:
                getattr(att, role).extend(spans[tid][1])
        if att.cue or att.content or att.source:
            out.append(att)
    return out


def _annotator_choice(root: Path) -> dict[str, str]:
    """article -> the first annotator metadata.tsv lists for it (the corpus' designated annotation)."""
    meta = root / "data" / "metadata.tsv"
    if not meta.exists():
        meta = root / "metadata.tsv"
    choice: dict[str, str] = {}
    if meta.exists():
        lines = meta.read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t") if lines else []
        if "filename" in head and "annotators" in head:
            fi, ai = head.index("filename"), head.index("annotators")
            for line in lines[1:]:
                cols = line.split("\t")
                if len(cols) > max(fi, ai):
                    choice[cols[fi]] = cols[ai].split("|")[0]
    return choice


def load_split(root: Path, split: str, limit: int | None = None) -> list[Article]:
    base = root / "data" / split if (root / "data" / split).exists() else root / split
    text_dir, ann_dir = base / "text", base / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DataMissingError(
            f"PolNeAR split {split!r} not found under {root} (expected data/{split}/text and "
            f"data/{split}/attributions); pass --data PATH to the polnear folder"
        )
    choice = _annotator_choice(root)
    files: dict[str, list[tuple[str, Path]]] = {}
    for p in sorted(ann_dir.glob("*.ann")):
        m = _ANN_FILE.match(p.name)
        if m:
            files.setdefault(m["article"], []).append((m["annotator"], p))
    out: list[Article] = []
    for article in sorted(files):
        cands = files[article]
        pick = next((p for a, p in cands if a == choice.get(article)), cands[0][1])
        tp = text_dir / f"{article}.txt"
        if not tp.exists():
            continue
        out.append(Article(article, tp.read_text(encoding="utf-8"), parse_ann(pick.read_text(encoding="utf-8"))))
        if limit and len(out) >= limit:
            break
    return out


def read_texts(root: Path, split: str = "train") -> list[tuple[str, str]]:
    """(article name, text) of every article of ``split``, its text laid out as the SemEval-2023 Task 3 articles
    are (title line, blank line, paragraphs): the final full stop the corpus adds to each title and the
    ``ABSTRACT.`` / ``FULL TEXT.`` header lines of the New York Times articles are taken out. No annotation is
    read. The corpus marks no genre or section: its articles are mostly, not only, straight news reports."""
    base = root / "data" / split if (root / "data" / split).exists() else root / split
    text_dir = base / "text"
    if not text_dir.is_dir():
        raise DataMissingError(
            f"PolNeAR split {split!r} not found under {root} (expected data/{split}/text); "
            "pass the polnear folder"
        )
    out: list[tuple[str, str]] = []
    for p in sorted(text_dir.glob("*.txt")):
        out.append((p.stem, news_layout(p.read_text(encoding="utf-8"))))
    return out


def news_layout(text: str) -> str:
    """A PolNeAR article text without the corpus' layout artefacts (see :func:`read_texts`)."""
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip() not in ("ABSTRACT.", "FULL TEXT.")]
    while lines and not lines[0]:
        lines.pop(0)
    end = lines.index("") if "" in lines else len(lines)  # the title may take two lines (New York Times)
    if end and lines[end - 1].endswith(".") and not lines[end - 1].endswith(".."):
        lines[end - 1] = lines[end - 1][:-1]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
