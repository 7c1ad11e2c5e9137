"""``presswatch train sourcing`` end to end on a tiny invented PolNeAR-shaped folder: the cue scorer is fitted
(presswatch.learn.linear.fit_binary), its threshold picked on the held-out articles, and what it writes loads
as the analyzer's model. Loads the spaCy model."""

from __future__ import annotations

import json

import pytest

from presswatch.errors import DataMissingError

pytest.importorskip("sklearn")

SAYINGS = [
    ("The mayor", "said", "the bridge will reopen on Monday"),
    ("A spokeswoman for the council", "told", "reporters that the budget was approved"),
    ("The minister", "announced", "that the border crossing would stay closed"),
    ("Local officials", "said", "the water supply was safe again"),
    ("The head of the clinic", "warned", "that the beds were running out"),
    ("The police chief", "stated", "that two men had been arrested"),
]
PLAIN = ["The river rose after the storm.", "Heavy rain fell over the valley.", "The market opened late."]


def _write_corpus(root, n: int = 12) -> None:
    text_dir = root / "train" / "text"
    ann_dir = root / "train" / "attributions"
    text_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    for k in range(n):
        src, cue, content = SAYINGS[k % len(SAYINGS)]
        text = f"{PLAIN[k % 3]} {src} {cue} {content}. {PLAIN[(k + 1) % 3]}"
        a = text.index(src)
        c = a + len(src) + 1
        d = c + len(cue) + 1
        ann = (f"T1\tSource {a} {a + len(src)}\t{src}\nT2\tCue {c} {c + len(cue)}\t{cue}\n"
               f"T3\tContent {d} {d + len(content)}\t{content}\nE1\tCue:T2 Source:T1 Content:T3\n")
        (text_dir / f"art{k:02d}.txt").write_text(text, encoding="utf-8")
        (ann_dir / f"art{k:02d}_00ab.ann").write_text(ann, encoding="utf-8")


@pytest.mark.slow
def test_train_sourcing_fits_and_writes_a_loadable_cue_model(tmp_path, capsys):
    from presswatch.analyzers.sourcing.model import CueModel
    from presswatch.train.sourcing import run

    _write_corpus(tmp_path / "polnear")
    out = tmp_path / "model"
    assert run(data=tmp_path / "polnear", out=out, min_count=1) == 0
    saved = json.loads((out / "cue_model.json").read_text(encoding="utf-8"))
    assert saved["meta"]["fitter"].startswith("scikit-learn") and saved["meta"]["held_out_articles"] == 1
    assert 0.2 <= saved["threshold"] <= 0.7
    w = saved["weights"]
    assert "b" in w and len(w) > 5
    report = json.loads((out / "train-report.json").read_text(encoding="utf-8"))
    assert report["held_out"]["exact"]["cue"]["f1"] > 0  # the held-out article's cue is found
    model = CueModel(w, saved["threshold"], saved["meta"])
    assert model.threshold == saved["threshold"]
    assert json.loads(capsys.readouterr().out)["threshold"] == saved["threshold"]


def test_train_sourcing_needs_the_data(tmp_path):
    from presswatch.train.sourcing import run

    with pytest.raises(DataMissingError):
        run(data=tmp_path / "nowhere", out=tmp_path / "model")
