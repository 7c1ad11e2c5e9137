"""Genre: register features, the official-statement rule, fitting and scoring on tiny invented data, and the
shipped models on invented texts. Every text here is invented for the tests."""

from __future__ import annotations

import json

import pytest

from presswatch.analyzers import BUILTIN, DEFAULT, Resources, run
from presswatch.analyzers.genre import (
    GENRES,
    OFFICIAL,
    REGISTER_FEATURES,
    GenreModel,
    classify,
    official_evidence,
    outside_quotes,
    register_features,
)
from presswatch.model import Document

PLAIN_NEWS = (
    "The ministry said on Tuesday that two soldiers were wounded near the border village of Dalvar, according to "
    "officials.\n\n"
    "A spokesman for the regional administration told reporters that the road to Dalvar had been closed for "
    "several hours while engineers checked the bridge.\n\n"
    "Officials said an investigation had been opened. The incident was the third this month, according to "
    "figures released by the ministry on Monday.\n\n"
    "Residents said shops in the village reopened in the afternoon."
)
OPINION = (
    "Enough is enough. I have watched this government promise reform for ten years, and I am tired of it.\n\n"
    "How many more broken promises must we swallow? You know the answer as well as I do.\n\n"
    "We deserve leaders who keep their word, not clowns who hide behind press releases!\n\n"
    "It is time for every one of us to say it loudly: this farce must end, and it must end now."
)
BULLETIN = (
    "Over the past day, two ceasefire violations were recorded near the village of Dalvar. There were no "
    "casualties.\n\n"
    "The mission continues to carry out its tasks. Its observation posts operated around the clock.\n\n"
    "The command of the mission informed both sides of the incidents."
)


def shipped(lang: str = "en") -> bool:
    return GenreModel.load(lang) is not None


needs_model = pytest.mark.skipif(not shipped(), reason="genre model not shipped")


# --- register features ------------------------------------------------------------------------------


def test_register_features_count_the_voice_outside_quotations():
    quoted = 'The minister said: "I think we must act and you must help." Officials confirmed it on Monday.'
    own = "I think we must act and you must help. Officials confirmed it on Monday."
    fq = dict(zip(REGISTER_FEATURES, register_features(quoted), strict=True))
    fo = dict(zip(REGISTER_FEATURES, register_features(own), strict=True))
    assert len(fq) == len(REGISTER_FEATURES)
    # inside quotation marks the pronouns are someone else's: none counted
    assert fq["first_person_singular"] == fq["first_person_plural"] == fq["second_person"] == 0.0
    assert fo["first_person_singular"] > 0 and fo["first_person_plural"] > 0 and fo["second_person"] > 0
    assert fq["quoted_share"] > 0.4 and fo["quoted_share"] == 0.0
    # both sentences of the quoted text attribute ("said", "confirmed"); one of the other two does
    assert fq["attribution_sentences"] == 1.0 and fo["attribution_sentences"] == 0.5
    assert fo["day_sentences"] == 0.5
    assert "I think" not in outside_quotes(quoted) and "minister said" in outside_quotes(quoted)


def test_register_features_use_the_language_word_lists():
    de = dict(
        zip(
            REGISTER_FEATURES,
            register_features("Wir fordern das. Der Sprecher sagte am Montag nichts.", "de"),
            strict=True,
        )
    )
    assert de["first_person_plural"] > 0 and de["attribution_sentences"] == 0.5 and de["day_sentences"] == 0.5


# --- the official-statement rule --------------------------------------------------------------------


def test_official_rule_needs_an_official_publisher_speaking_as_itself():
    doc = Document(
        text=BULLETIN, title="Bulletin of the Observer Mission, 4 May", source="Observer Mission", language="en"
    )
    ev = official_evidence(doc)
    assert ev is not None and ev["publisher"] == "Observer Mission"
    assert any(s.startswith("title:") for s in ev["signals"])
    assert any("mission" in s for s in ev["signals"] if s.startswith("publisher named"))
    # the same text from a newspaper is not the mission's own statement
    assert (
        official_evidence(
            Document(
                text=BULLETIN, title="Bulletin of the Observer Mission", language="en", source="Dalvar Evening News"
            )
        )
        is None
    )
    # an official publisher whose text neither names it nor speaks as "we", under a news-like title: no
    assert (
        official_evidence(
            Document(
                text=PLAIN_NEWS.replace("ministry", "office"),
                title="Bridge closed",
                source="Ministry of Transport",
                language="en",
            )
        )
        is None
    )
    # the same publisher, speaking of itself
    assert (
        official_evidence(
            Document(text=PLAIN_NEWS, title="Bridge closed", source="Ministry of Transport", language="en")
        )
        is not None
    )


def test_official_rule_reads_press_offices_authors_and_government_domains():
    press_office = Document(
        text="We informed both sides of the incident.",
        title="Daily report",
        authors=["Press Office of the Observer Mission"],
        language="en",
    )
    assert official_evidence(press_office) is not None  # "press office" is not a media outlet
    assert official_evidence(Document(text="We informed both sides.", source="Shirvan Press", language="en")) is None
    gov = Document(
        text="Our inspectors visited the site on Monday.", url="https://www.transport.gov.xx/news/1", language="en"
    )
    assert official_evidence(gov)["publisher"] == "www.transport.gov.xx"
    assert (
        official_evidence(Document(text="We visited.", url="https://www.governance-blog.example/1", language="en"))
        is None
    )


def test_the_rule_decides_even_without_a_model(tmp_path):
    doc = Document(text=BULLETIN, title="Statement of the Observer Mission", source="Observer Mission", language="es")
    s = classify(doc, tmp_path)  # no model there, and none for Spanish anyway
    assert s["analysed"] and s["label"] == OFFICIAL and s["method"] == "rule" and s["confidence"] is None
    assert classify(Document(text=OPINION, language="es"), tmp_path) == {
        "analysed": False,
        "reason": "no genre model for language 'es'",
    }
    assert classify(Document(text="  ...  ", language="en"), tmp_path)["analysed"] is False


# --- fitting and scoring on tiny invented data --------------------------------------------------------


def test_fitting_learns_a_toy_split_and_offsets_move_the_decision():
    import numpy as np

    from presswatch.learn.genre import fit, fit_offsets, logits

    reports = [
        PLAIN_NEWS,
        "Police said on Friday that the road was reopened, according to a statement.",
        "The council said on Monday it had approved the budget, officials told reporters.",
    ]
    opinions = [
        OPINION,
        "I cannot believe we still accept this. You should be angry too!",
        "Why do we keep voting for them? I say: never again, and you must say it with me.",
    ]
    texts = reports + opinions
    R = np.asarray([register_features(t) for t in texts], dtype=np.float32)
    V = np.zeros((len(texts), 4), dtype=np.float32)  # no e5 here: the register features must do it
    y = np.asarray([1, 1, 1, 0, 0, 0])
    p = fit(R, V, y, np.ones(len(y)), register_weight=1.0, iters=300)
    z = logits(p, R, V)
    assert list(z.argmax(1)) == list(y)
    assert p["coef"].shape == (len(REGISTER_FEATURES) + 4, len(GENRES))
    # offsets: a class the arg-max never picks is brought in when that raises macro-F1
    z = np.asarray([[2.0, 1.0, 0.0], [2.0, 1.5, 0.0], [0.0, 2.0, 0.0], [2.0, 0.0, 1.0]])
    off = fit_offsets(z, np.asarray([0, 1, 1, 2]))
    assert list((z + off).argmax(1)) == [0, 1, 1, 2] and off[0] == 0.0


def test_scores_by_hand():
    from presswatch.learn.genre import scores

    s = scores(["opinion", "opinion", "reporting", "satire"], ["opinion", "reporting", "reporting", "opinion"])
    assert s["accuracy"] == 0.5
    assert s["per_class"]["opinion"]["f1"] == pytest.approx(0.5)  # tp 1, fp 1, fn 1
    assert s["per_class"]["reporting"]["f1"] == pytest.approx(2 / 3)  # tp 1, fp 1, fn 0
    assert s["per_class"]["satire"]["f1"] == 0.0
    assert s["macro_f1"] == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)
    assert s["confusion"]["opinion"] == {"opinion": 1, "reporting": 1, "satire": 0}


def test_scenario_scoring_maps_truth_genres(tmp_path):
    from presswatch.eval.genre import scenario_scores

    (tmp_path / "obs").mkdir()
    (tmp_path / "obs" / "a.txt").write_text(
        "4 May 2023\nBulletin of the Observer Mission, 4 May\n\n" + BULLETIN, encoding="utf-8"
    )
    (tmp_path / "truth.yaml").write_text(
        "sources:\n  - {folder: obs, name: Observer Mission, kind: mission, lang: en}\n"
        "documents:\n  - {file: obs/a.txt, source: obs, published: 2023-05-04, lang: en, genre: bulletin}\n",
        encoding="utf-8",
    )
    s = scenario_scores(tmp_path, tmp_path)  # no model in tmp_path: the rule alone
    assert s["documents_by_file"] == [{"file": "obs/a.txt", "gold": OFFICIAL, "predicted": OFFICIAL, "method": "rule"}]
    assert s["accuracy"] == 1.0 and s["macro_f1"] == 1.0


# --- the analyzer and the shipped models -------------------------------------------------------------


def test_genre_is_a_default_analyzer():
    assert BUILTIN["genre"] == "presswatch.analyzers.genre:GenreAnalyzer" and "genre" not in DEFAULT  # opt-in: cost


@needs_model
def test_shipped_model_does_not_call_a_plain_news_report_opinion():
    s = classify(Document(text=PLAIN_NEWS, title="Two soldiers wounded near Dalvar", language="en"))
    assert s["analysed"] and s["method"] == "model"
    assert s["label"] != "opinion", s
    assert s["scores"]["reporting"] > s["scores"]["opinion"]


@needs_model
@pytest.mark.parametrize(
    ("sample", "genre"),
    [
        ("bulletin-2022-03-08.html", OFFICIAL),
        ("kura-times-2022-03-08.html", "reporting"),
        ("highland-dispatch-2022-03-08.html", "reporting"),
        ("opinion-2022-03-09.txt", "opinion"),
    ],
)
def test_the_demo_samples_get_their_genre(sample, genre):
    """The four invented samples of the demo (issue 13: all four used to come out as opinion)."""
    from pathlib import Path

    import presswatch
    from presswatch.ingest.sources import read_file
    from presswatch.pipeline import to_document

    doc = to_document(read_file(Path(presswatch.__file__).parent / "samples" / sample, 5_000_000))
    assert classify(doc)["label"] == genre


@needs_model
def test_summary_shape_through_the_analyzer_run():
    doc = Document(text=PLAIN_NEWS, title="Two soldiers wounded near Dalvar", language="en")
    run(["genre"], doc, Resources())
    g = doc.summaries["genre"]
    assert set(g) >= {"analysed", "label", "confidence", "scores", "model", "method", "labels"}
    assert g["labels"] == g["label"] and g["model"] == "genre-en"
    assert g["confidence"] == max(g["scores"].values())
    assert sum(g["scores"].values()) == pytest.approx(1.0, abs=1e-3)
    assert doc.analyzers["genre"] and doc.spans == []
    json.dumps(g)
    official = Document(
        text=BULLETIN, title="Bulletin of the Observer Mission", source="Observer Mission", language="en"
    )
    run(["genre"], official, Resources())
    o = official.summaries["genre"]
    assert o["label"] == OFFICIAL and o["method"] == "rule" and set(o["scores"]) == set(GENRES)


def _tiny_model(tmp_path, story_words: int | None) -> None:
    meta = {
        "lang": "en",
        "classes": list(GENRES),
        "register_weight": 0.3,
        "register_mean": [0.0] * len(REGISTER_FEATURES),
        "register_sd": [1.0] * len(REGISTER_FEATURES),
        "coef": [[0.0, 0.0, 0.0] for _ in range(len(REGISTER_FEATURES) + 384)],
        "intercept": [1.0, 0.0, 0.0],
        "offsets": {"opinion": 0.0, "reporting": 0.0, "satire": 0.0},
    }
    if story_words is not None:
        meta["story_words"] = story_words
    (tmp_path / "genre-en.json").write_text(json.dumps(meta), encoding="utf-8")
    GenreModel._cache.clear()


@pytest.mark.parametrize(("story_words", "embedded"), [(6, 6), (None, 200)])
def test_the_model_embeds_title_and_as_many_words_as_its_file_says(tmp_path, monkeypatch, story_words, embedded):
    """Version 1.1 embeds the title and first 60 words (``story_words`` in the model file); a file without it
    was fitted on 200 and gets 200."""
    import numpy as np

    from presswatch.comparison import similarity

    seen: list[str] = []

    def fake_embed(texts, **_):
        seen.extend(texts)
        return np.zeros((len(texts), 384), dtype=np.float32)

    monkeypatch.setattr(similarity, "embed", fake_embed)
    _tiny_model(tmp_path, story_words)
    text = " ".join(f"word{i}" for i in range(300))
    s = classify(Document(text=text, title="Invented headline", language="en"), tmp_path)
    assert s["label"] == "opinion" and s["method"] == "model"
    assert seen == [" ".join(["Invented headline.", *(f"word{i}" for i in range(embedded - 2))])]
    GenreModel._cache.clear()


def test_cross_validation_reports_each_folds_macro_f1():
    import numpy as np

    from presswatch.learn.genre import Corpus, cross_validate

    rng = np.random.default_rng(0)
    y = np.asarray([0] * 10 + [1] * 10 + [2] * 10)
    register = np.zeros((30, len(REGISTER_FEATURES)), dtype=np.float32)
    register[:, 0] = y + 0.1 * rng.normal(size=30)  # one feature separates the classes, the others are constant
    corpus = Corpus(
        [str(i) for i in range(30)], np.asarray(["en"] * 30), y, register, np.zeros((30, 4), dtype=np.float32)
    )
    per_fold: list[float] = []
    _, gold, pred = cross_validate(corpus, "en", folds=5, inner_folds=2, per_fold=per_fold, register_weight=1.0)
    assert len(per_fold) == 5 and all(0.0 <= v <= 1.0 for v in per_fold)
    assert sum(g == p for g, p in zip(gold, pred, strict=True)) >= 24  # the separating feature is learnt


def _toy_corpus(langs: list[str]):
    import numpy as np

    from presswatch.learn.genre import Corpus

    rng = np.random.default_rng(0)
    n = len(langs)
    y = np.asarray([k % 3 for k in range(n)])
    register = np.zeros((n, len(REGISTER_FEATURES)), dtype=np.float32)
    register[:, 0] = y + 0.1 * rng.normal(size=n)
    return Corpus([str(i) for i in range(n)], np.asarray(langs), y, register, np.zeros((n, 384), dtype=np.float32))


def test_extra_reporting_rows_train_every_english_fold_and_are_never_scored(monkeypatch):
    """External articles (``--extra-reporting``) are added as weakly labelled English "reporting" rows: at their
    own weight in every training fold of the English model, never among the scored articles, and left out of the
    other languages' models."""
    import numpy as np

    import presswatch.analyzers.genre as genre_mod
    import presswatch.learn.genre as lg

    monkeypatch.setattr(genre_mod, "story_vector", lambda texts, **_: np.ones((len(texts), 384), dtype=np.float32))
    base = _toy_corpus(["en"] * 30 + ["fr"] * 15)
    texts = [(f"x{i}", f"Invented headline {i}\n\nThe council met on Monday, officials said.\n") for i in range(7)]
    corpus = lg.add_extra(base, texts, "reporting", cap=5, seed=1)
    assert int(corpus.is_extra().sum()) == 5 and len(corpus.ids) == 50
    assert set(corpus.y[corpus.is_extra()]) == {GENRES.index("reporting")}
    assert lg.add_extra(base, texts, "reporting", cap=5, seed=1).ids == corpus.ids  # the choice is seeded

    fits: list[tuple[int, set[float]]] = []
    real_fit = lg.fit

    def spy(register, vectors, y, weights, **kw):
        fits.append((len(y), {round(float(w), 3) for w in weights}))
        return real_fit(register, vectors, y, weights, **kw)

    monkeypatch.setattr(lg, "fit", spy)
    ids, gold, pred = lg.cross_validate(corpus, "en", folds=3, inner_folds=2, extra_weight=0.25, register_weight=1.0)
    assert ids == [str(i) for i in range(30)] and len(pred) == 30  # only the English articles are scored
    assert len(fits) == 9 and all(0.25 in w for _, w in fits)  # per outer fold: 2 inner fits, then its model
    fold = lg.stratified_folds(corpus.y[:30], 3, 13)
    # each outer fold's model: the English articles of the other folds, the French ones and the 5 extra
    assert [n for n, _ in fits[2::3]] == [int((fold != f).sum()) + 15 + 5 for f in range(3)]
    fits.clear()
    ids, _, _ = lg.cross_validate(corpus, "fr", folds=3, inner_folds=2, extra_weight=0.25, register_weight=1.0)
    assert ids == [str(i) for i in range(30, 45)]
    assert fits and all(0.25 not in w and n < 30 + 15 for n, w in fits)  # no extra row in the French model


def test_polnear_texts_are_laid_out_as_the_semeval_articles():
    from presswatch.corpora.polnear import news_layout

    raw = "Invented headline;\nAn invented subtitle.\n\nABSTRACT.\n\nThe lead.\n\nFULL TEXT.\n\nThe body.\n"
    assert news_layout(raw) == "Invented headline;\nAn invented subtitle\n\nThe lead.\n\nThe body.\n"
    assert news_layout("One-line headline.\n\nText.") == "One-line headline\n\nText.\n"
