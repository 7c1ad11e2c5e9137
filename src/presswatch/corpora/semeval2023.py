"""SemEval-2023 Task 3 ("detecting the genre, the framing and the persuasion techniques in online news"):
readers for its per-language folders.

Layout (``data`` = the ``persuasion`` folder): ``semeval2023-task3/<lang>/`` holds
``{train,dev}-labels-subtask-3.txt`` (article TAB paragraph_no TAB comma-separated techniques),
``{train,dev}-labels-subtask-3.template`` (article TAB paragraph_no TAB paragraph text),
``{train,dev}-labels-subtask-3-spans/`` (article TAB technique TAB start TAB end),
``{train,dev}-articles-subtask-3/article<id>.txt``, the subtask-1 (genre) labels and articles, and the subtask-2
(framing) ones: ``train-labels-subtask-2.txt`` (article TAB comma-separated frames) and
``train-articles-subtask-2/article<id>.txt``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presswatch.errors import DataMissingError

# the 14 frames of subtask 2
FRAMES = ["Economic", "Capacity_and_resources", "Morality", "Fairness_and_equality",
          "Legality_Constitutionality_and_jurisprudence", "Policy_prescription_and_evaluation",
          "Crime_and_punishment", "Security_and_defense", "Health_and_safety", "Quality_of_life",
          "Cultural_identity", "Public_opinion", "Political", "External_regulation_and_reputation"]


@dataclass(slots=True)
class Paragraph:
    article: str
    number: int
    text: str
    labels: list[str] = field(default_factory=list)


def task3_dir(data: Path, lang: str = "en") -> Path:
    d = Path(data)
    for cand in (d / "semeval2023-task3" / lang, d / lang, d / "persuasion" / "semeval2023-task3" / lang):
        if (cand / "train-labels-subtask-3.txt").is_file() or (cand / "dev-labels-subtask-3.txt").is_file():
            return cand
    raise DataMissingError(
        f"SemEval-2023 Task 3 data for {lang!r} not found under {d} "
        "(expected semeval2023-task3/<lang>/{train,dev}-labels-subtask-3.txt); pass --data PATH"
    )


def _read_tsv(path: Path) -> dict[tuple[str, int], str]:
    out: dict[tuple[str, int], str] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line:
                continue
            cols = line.split("\t", 2)
            if len(cols) < 2:
                continue
            out[(cols[0], int(cols[1]))] = cols[2] if len(cols) > 2 else ""
    return out


def read_paragraphs(data: Path, split: str, lang: str = "en") -> list[Paragraph]:
    """Paragraphs of ``split`` ("train" or "dev") with their gold techniques, in file order."""
    d = task3_dir(data, lang)
    labels_f = d / f"{split}-labels-subtask-3.txt"
    tmpl_f = d / f"{split}-labels-subtask-3.template"
    if not labels_f.is_file() or not tmpl_f.is_file():
        raise DataMissingError(f"{labels_f.name} or {tmpl_f.name} missing in {d}")
    texts = _read_tsv(tmpl_f)
    gold = _read_tsv(labels_f)
    out = []
    for key, labs in gold.items():
        out.append(
            Paragraph(
                article=key[0],
                number=key[1],
                text=texts.get(key, ""),
                labels=[x.strip() for x in labs.split(",") if x.strip()],
            )
        )
    return out


def read_genres(data: Path, lang: str = "en") -> dict[str, str]:
    d = task3_dir(data, lang)
    f = d / "train-labels-subtask-1.txt"
    if not f.is_file():
        raise DataMissingError(f"{f} missing")
    return {k[0] if isinstance(k, tuple) else k: v for k, v in _read_pairs(f).items()}


def _read_pairs(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 2:
            out[cols[0]] = cols[1].strip()
    return out


def read_technique_spans(data: Path, split: str = "train", lang: str = "en") -> dict[str, list[tuple[str, int, int]]]:
    """SemEval-2023 subtask 3 span annotations: article -> [(technique, start, end)] (character offsets
    into the article text)."""
    d = task3_dir(data, lang) / f"{split}-labels-subtask-3-spans"
    if not d.is_dir():
        raise DataMissingError(f"span annotations {d.name} missing in {d.parent}")
    out: dict[str, list[tuple[str, int, int]]] = {}
    for f in sorted(d.glob("*.txt")):
        for line in f.read_text(encoding="utf-8").splitlines():
            c = line.split("\t")
            if len(c) >= 4:
                out.setdefault(c[0], []).append((c[1], int(c[2]), int(c[3])))
    return out


def paragraph_starts(data: Path, paras: list[Any], split: str = "train", lang: str = "en") -> list[int]:
    """Character offset of each paragraph's text in its article file (paragraph n = line n)."""
    d = task3_dir(data, lang) / f"{split}-articles-subtask-3"
    starts: dict[str, list[int]] = {}
    texts: dict[str, list[str]] = {}
    out = []
    for p in paras:
        if p.article not in starts:
            with open(d / f"article{p.article}.txt", encoding="utf-8", newline="") as fh:
                lines = fh.read().split("\n")
            pos, st = 0, []
            for ln in lines:
                st.append(pos)
                pos += len(ln) + 1
            starts[p.article], texts[p.article] = st, lines
        line = texts[p.article][p.number - 1]
        out.append(starts[p.article][p.number - 1] + max(0, line.find(p.text)))
    return out


def read_genre_articles(data: Path, folder: str) -> list[tuple[str, str, str]]:
    """(article id, text, genre) of every subtask-1 training article of ``folder`` with its text, by id."""
    d = task3_dir(data, folder)
    out = []
    for art, g in sorted(read_genres(data, folder).items()):
        f = d / "train-articles-subtask-1" / f"article{art}.txt"
        if f.is_file():
            out.append((art, f.read_text(encoding="utf-8"), g))
    return out


def read_genre_docs(data: Path, folder: str) -> tuple[list[str], list[str]]:
    """Texts and genres of the subtask-1 training articles of ``folder`` (see :func:`read_genre_articles`)."""
    arts = read_genre_articles(data, folder)
    return [t for _, t, _ in arts], [g for _, _, g in arts]


def read_frame_docs(data: Path, folder: str) -> tuple[list[str], list[str], list[list[str]]]:
    """Article ids, texts and frame labels of one language's subtask-2 training set."""
    d = task3_dir(data, folder)
    labels_file = d / "train-labels-subtask-2.txt"
    ids, texts, labels = [], [], []
    if not labels_file.is_file():
        return ids, texts, labels
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        art, _, fr = line.partition("\t")
        f = d / "train-articles-subtask-2" / f"article{art.strip()}.txt"
        if not f.is_file():
            continue
        ids.append(art.strip())
        texts.append(f.read_text(encoding="utf-8"))
        labels.append([x.strip() for x in fr.split(",") if x.strip() in FRAMES])
    return ids, texts, labels
