"""Evaluate the ``sourcing`` analyzer on PolNeAR (attribution relations: source, cue, content).

    presswatch eval quotes --data ../shared/data/quotes/polnear --split dev

Measures (all over word tokens, ``\\w+|[^\\w\\s]``, so offsets that differ only by whitespace agree):

* **exact span F1** per role, as PolNeAR sequence taggers (CRF, BiLSTM-CRF, BERT+CofeNet) report it: the
  gold annotation of an article is a tag sequence (univocal: each token has one role in one attribution);
  every maximal run of tokens with the same role and attribution is one span; a predicted span counts
  when its first and last token equal a gold span's of the same role.
* **overlap F1** per role, as Citron reports it: precision = tokens of the role that overlap gold tokens of
  that role / predicted tokens, recall = the same overlap / gold tokens.
* **quote-level F1 at 0.3 and 0.8** (the Gender Gap Tracker's measure): a predicted attribution matches a
  gold one when their content tokens overlap by at least the threshold of the longer of the two contents;
  one-to-one greedy matching. **Speaker accuracy**: among the quotes matched at 0.3, the share whose
  predicted source overlaps the gold source (attributions without a gold source are left out).
  **Resolved speaker accuracy**: the same quotes, also counted right when the predicted speaker (the name
  the analyzer resolved the source to, or gave a quote with no cue of its own) contains the gold source's
  name head, its last capitalised word before any comma or parenthesis ("Mr. Holtz-Eakin" and "Douglas
  Holtz-Eakin"); a gold source with no such word ("he", "the mayor") counts by overlap only, since PolNeAR
  has no coreference to check a resolution against.
* words per second of the analyzer, spaCy parse included.
"""

from __future__ import annotations

import json
import re
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from presswatch.corpora.polnear import DEFAULT_DATA, ROLES, Attribution, load_split
from presswatch.errors import DataMissingError
from presswatch.learn.metrics import f1, ratio

_TOK = re.compile(r"\w+|[^\w\s]")


# ---------------------------------------------------------------- scoring


class Tokens:
    def __init__(self, text: str) -> None:
        ms = list(_TOK.finditer(text))
        self.starts = [m.start() for m in ms]
        self.ends = [m.end() for m in ms]

    def cover(self, a: int, b: int) -> range:
        """Indices of the tokens that overlap characters a..b."""
        i = bisect_right(self.ends, a)
        j = bisect_left(self.starts, b)
        return range(i, max(i, j))


def role_tokens(atts: list[Attribution], toks: Tokens) -> dict[str, dict[int, int]]:
    """The attributions flattened as the evaluation flattens the gold: role -> token index -> attribution
    index, each token taken by the first attribution and role that covers it (univocal, as PolNeAR's tag
    sequences)."""
    out: dict[str, dict[int, int]] = {r: {} for r in ROLES}
    taken: set[int] = set()
    for k, att in enumerate(atts):
        for role in ROLES:
            for a, b in getattr(att, role):
                for t in toks.cover(a, b):
                    if t not in taken:
                        out[role][t] = k
                        taken.add(t)
    return out


def token_runs(tokmap: dict[int, int]) -> set[tuple[int, int]]:
    """The spans of a role's tokens (:func:`role_tokens`): maximal runs of consecutive tokens of one
    attribution, as (first token, last token), both included."""
    runs: set[tuple[int, int]] = set()
    start = prev = owner = None
    for t in sorted(tokmap):
        if start is not None and t == prev + 1 and tokmap[t] == owner:  # type: ignore[operator]
            prev = t
            continue
        if start is not None:
            runs.add((start, prev))  # type: ignore[arg-type]
        start = prev = t
        owner = tokmap[t]
    if start is not None:
        runs.add((start, prev))  # type: ignore[arg-type]
    return runs


@dataclass
class Counts:
    tp: float = 0.0
    n_pred: float = 0.0
    n_gold: float = 0.0

    def add(self, tp: float, n_pred: float, n_gold: float) -> None:
        self.tp += tp
        self.n_pred += n_pred
        self.n_gold += n_gold

    def prf(self) -> tuple[float, float, float]:
        p = ratio(self.tp, self.n_pred)
        r = ratio(self.tp, self.n_gold)
        return p, r, f1(p, r)


@dataclass
class Scorer:
    exact: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    overlap: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in ROLES})
    quote: dict[float, Counts] = field(default_factory=lambda: {0.3: Counts(), 0.8: Counts()})
    speaker_ok: int = 0
    speaker_resolved_ok: int = 0
    speaker_n: int = 0

    def add(self, text: str, gold: list[Attribution], pred: list[Attribution]) -> None:
        toks = Tokens(text)
        g, p = role_tokens(gold, toks), role_tokens(pred, toks)
        for role in ROLES:
            gr, pr = token_runs(g[role]), token_runs(p[role])
            self.exact[role].add(len(gr & pr), len(pr), len(gr))
            inter = len(set(g[role]) & set(p[role]))
            self.overlap[role].add(inter, len(p[role]), len(g[role]))
        gsets = [_tokset(a.content, toks) for a in gold]
        psets = [_tokset(a.content, toks) for a in pred]
        for thr, counts in self.quote.items():
            pairs = []
            for i, gs in enumerate(gsets):
                for j, ps in enumerate(psets):
                    if gs and ps:
                        ov = len(gs & ps) / max(len(gs), len(ps))
                        if ov >= thr:
                            pairs.append((ov, i, j))
            pairs.sort(reverse=True)
            used_g: set[int] = set()
            used_p: set[int] = set()
            matched = []
            for _, i, j in pairs:
                if i not in used_g and j not in used_p:
                    used_g.add(i)
                    used_p.add(j)
                    matched.append((i, j))
            counts.add(len(matched), sum(1 for s in psets if s), sum(1 for s in gsets if s))
            if thr == 0.3:
                for i, j in matched:
                    gsrc = _tokset(gold[i].source, toks)
                    if not gsrc:
                        continue
                    self.speaker_n += 1
                    if gsrc & _tokset(pred[j].source, toks):
                        self.speaker_ok += 1
                        self.speaker_resolved_ok += 1
                    elif name_head_matches(" ".join(text[a:b] for a, b in gold[i].source), pred[j].speaker):
                        self.speaker_resolved_ok += 1

    def report(self) -> dict[str, object]:
        def pct(x: tuple[float, float, float]) -> dict[str, float]:
            return {"p": round(100 * x[0], 1), "r": round(100 * x[1], 1), "f1": round(100 * x[2], 1)}

        return {
            "exact": {r: pct(self.exact[r].prf()) for r in ROLES},
            "overlap": {r: pct(self.overlap[r].prf()) for r in ROLES},
            "quote@0.3": pct(self.quote[0.3].prf()),
            "quote@0.8": pct(self.quote[0.8].prf()),
            "speaker_accuracy": round(100 * self.speaker_ok / self.speaker_n, 1) if self.speaker_n else 0.0,
            "speaker_resolved_accuracy": round(100 * self.speaker_resolved_ok / self.speaker_n, 1)
            if self.speaker_n
            else 0.0,
            "speaker_n": self.speaker_n,
        }


_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*")
_NOT_NAMES = frozenset(
    ("a", "an", "the", "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "my", "this",
     "that", "these", "those", "who", "which")
)


def name_head(source: str) -> str | None:
    """The name head of a source mention: its last capitalised word before any comma or parenthesis, without a
    possessive ending ("Sen. David Perdue (R-Ga.)" -> "Perdue"); None when there is none ("he", "the mayor")."""
    part = re.split(r"[,(―—]", source, maxsplit=1)[0]
    words = [w for w in _NAME_WORD.findall(part) if w.lower().rstrip(".") not in _NOT_NAMES]
    if not words:
        return None
    return re.sub(r"(['’]s?|\.)$", "", words[-1]) or None


def name_head_matches(gold_source: str, speaker: str | None) -> bool:
    """Whether ``speaker`` (a resolved name) contains the name head of ``gold_source`` as a word."""
    head = name_head(gold_source)
    if not head or not speaker:
        return False
    return head.lower() in {re.sub(r"(['’]s?|\.)$", "", w).lower() for w in re.findall(r"[\w'’.-]+", speaker)}


def _tokset(frags: list[tuple[int, int]], toks: Tokens) -> set[int]:
    s: set[int] = set()
    for a, b in frags:
        s.update(toks.cover(a, b))
    return s


# ---------------------------------------------------------------- predicting with the analyzer


def attributions_from_spans(spans: list) -> list[Attribution]:  # list[presswatch.model.Span]
    by_id: dict[int, Attribution] = {}
    for s in spans:
        k = s.attrs.get("attribution")
        role = s.label.lower()
        if k is None or role not in ROLES:
            continue
        att = by_id.setdefault(int(k), Attribution())
        getattr(att, role).append((s.start, s.end))
        if s.attrs.get("speaker") and (role == "source" or att.speaker is None):
            att.speaker = s.attrs["speaker"]  # a quote with no source of its own carries its speaker
    return [by_id[k] for k in sorted(by_id)]


def run(
    *,
    data: Path = DEFAULT_DATA,
    split: str = "dev",
    limit: int | None = None,
    as_json: bool = False,
    errors: Path | None = None,
) -> int:
    """``presswatch eval quotes``: score the sourcing analyzer on PolNeAR ``split`` and print the figures;
    write each article's predictions and gold to ``errors`` (JSON Lines) if given."""
    root = Path(data)
    if not root.exists():
        raise DataMissingError(f"PolNeAR data folder not found: {root} (pass --data PATH)")
    articles = load_split(root, split, limit)
    if not articles:
        raise DataMissingError(f"no PolNeAR articles found for split {split!r} under {root}")

    from presswatch.analyzers import Resources, get
    from presswatch.model import Document
    from presswatch.nlp.pipelines import get_nlp

    get_nlp("en")  # load outside the timed loop
    analyzer = get("sourcing")
    scorer = Scorer()
    words = 0
    elapsed = 0.0
    err_out = errors.open("w", encoding="utf-8") if errors else None
    from presswatch.progress import Progress

    bar = Progress("PolNeAR articles", total=len(articles))
    for i, art in enumerate(articles):
        doc = Document(text=art.text, language="en")
        res = Resources()
        ts = time.perf_counter()
        spans = analyzer.annotate(doc, res)
        elapsed += time.perf_counter() - ts
        words += len(re.findall(r"\w+", art.text))
        pred = attributions_from_spans(spans)
        scorer.add(art.text, art.gold, pred)
        if err_out:
            err_out.write(json.dumps({"article": art.name, "pred": [a.__dict__ for a in pred],
                                      "gold": [a.__dict__ for a in art.gold]}) + "\n")
        bar.update(i + 1)
    bar.close()
    if err_out:
        err_out.close()
    rep = scorer.report()
    rep["articles"] = len(articles)
    rep["gold_attributions"] = sum(len(a.gold) for a in articles)
    rep["words_per_second"] = round(words / elapsed) if elapsed else 0
    rep["analyzer_version"] = analyzer.version
    if as_json:
        print(json.dumps(rep, indent=2))
        return 0
    print(f"PolNeAR {split}: {rep['articles']} articles, {rep['gold_attributions']} gold attributions")
    print(f"{'role':<9} {'exact P':>8} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}")
    for r in ROLES:
        e, o = rep["exact"][r], rep["overlap"][r]  # type: ignore[index]
        print(f"{r:<9} {e['p']:>8} {e['r']:>6} {e['f1']:>6}   {o['p']:>9} {o['r']:>6} {o['f1']:>6}")
    for k in ("quote@0.3", "quote@0.8"):
        q = rep[k]
        print(f"{k:<9} P {q['p']} R {q['r']} F1 {q['f1']}")  # type: ignore[index]
    print(f"speaker accuracy {rep['speaker_accuracy']} (on {rep['speaker_n']} matched quotes with a gold source); "
          f"resolved {rep['speaker_resolved_accuracy']}")
    print(f"words per second {rep['words_per_second']} (spaCy parse included)")
    return 0
