"""The dataset readers of presswatch.corpora on small invented folders laid out as the real corpora are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from presswatch.corpora import geo, polnear, semeval2023, trafilatura_eval
from presswatch.errors import DataMissingError


def _polnear(root: Path) -> None:
    text_dir = root / "data" / "dev" / "text"
    ann_dir = root / "data" / "dev" / "attributions"
    text_dir.mkdir(parents=True)
    ann_dir.mkdir(parents=True)
    (text_dir / "a1.txt").write_text("Nora Vale said the bridge is closed.", encoding="utf-8")
    (text_dir / "a2.txt").write_text("Rain fell.", encoding="utf-8")
    (ann_dir / "a1_00aa.ann").write_text(
        "T1\tSource 0 9\tNora Vale\nT2\tCue 10 14\tsaid\nE1\tAttribution:T9 Source:T1 Cue:T2\n", encoding="utf-8"
    )
    # the designated annotator (metadata.tsv) is the second one: a cue-only relation
    (ann_dir / "a1_00bb.ann").write_text(
        "T1\tCue 10 14\tsaid\nT2\tContent 15 35\tthe bridge is closed\nE1\tAttribution:T3 Cue:T1 Content:T2\n",
        encoding="utf-8",
    )
    (ann_dir / "a2_00aa.ann").write_text("", encoding="utf-8")
    (ann_dir / "a3_00aa.ann").write_text("", encoding="utf-8")  # no text: left out
    (root / "data" / "metadata.tsv").write_text("filename\tannotators\na1\t00bb|00aa\n", encoding="utf-8")


def test_polnear_reads_the_designated_annotation(tmp_path):
    _polnear(tmp_path)
    arts = polnear.load_split(tmp_path, "dev")
    assert [a.name for a in arts] == ["a1", "a2"]
    assert arts[0].gold == [polnear.Attribution(cue=[(10, 14)], content=[(15, 35)])]
    assert arts[1].gold == []
    assert [a.name for a in polnear.load_split(tmp_path, "dev", limit=1)] == ["a1"]


def test_polnear_discontinuous_spans_and_a_missing_split(tmp_path):
    (att,) = polnear.parse_ann("T1\tContent 0 4;9 14\tone two\nE1\tAttribution:T2 Content:T1\n")
    assert att.content == [(0, 4), (9, 14)] and att.source == [] and att.cue == []
    with pytest.raises(DataMissingError, match="PolNeAR split 'train' not found"):
        polnear.load_split(tmp_path, "train")


def test_geo_corpus_reads_toponyms_and_realigns_shifted_offsets(tmp_path):
    text = "Flooding hit Oakdale and Pine Ridge."
    (tmp_path / "lgl.xml").write_text(
        "<articles><article docid='7'><domain>example.test</domain><text>" + text + "</text><toponyms>"
        "<toponym><start>13</start><end>20</end><phrase>Oakdale</phrase>"
        "<gaztag geonameid='123'><lat>40.5</lat><lon>-80.25</lon></gaztag></toponym>"
        "<toponym><start>26</start><end>36</end><phrase>Pine Ridge</phrase>"  # one character off
        "<gaztag><lat>41</lat><lon>-81</lon></gaztag></toponym>"
        "<toponym><start>0</start><end>8</end><phrase>Flooding</phrase><gaztag/></toponym>"  # no point: skipped
        "</toponyms></article></articles>",
        encoding="utf-8",
    )
    (art,) = geo.read_corpus("lgl", tmp_path)
    assert (art.id, art.domain) == ("7", "example.test")
    assert [(g.text, g.start, g.lat, g.lon, g.geonameid) for g in art.gold] == [
        ("Oakdale", 13, 40.5, -80.25, 123),
        ("Pine Ridge", 25, 41.0, -81.0, None),
    ]
    with pytest.raises(DataMissingError, match="TR-News.xml"):
        geo.read_corpus("trnews", tmp_path)


def test_trafilatura_eval_reads_records_in_order(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html").write_bytes(b"<html><body><p>one</p></body></html>")
    records = {
        "https://a.test/1": {"file": "p1.html", "with": ["one"], "without": []},
        "https://a.test/2": {"file": "p2.html", "with": [], "without": []},
    }
    (tmp_path / "evaldata.json").write_text(json.dumps(records), encoding="utf-8")
    items = trafilatura_eval.read_evaldata(tmp_path)
    assert [u for u, _ in items] == ["https://a.test/1", "https://a.test/2"]
    assert len(trafilatura_eval.read_evaldata(tmp_path, limit=1)) == 1
    assert trafilatura_eval.read_html(tmp_path, items[0][1]).startswith(b"<html>")
    with pytest.raises(DataMissingError, match="evaldata.json"):
        trafilatura_eval.read_evaldata(tmp_path / "nowhere")


def test_semeval_frames_reader_keeps_known_frames(tmp_path):
    d = tmp_path / "semeval2023-task3" / "en"
    (d / "train-articles-subtask-2").mkdir(parents=True)
    (d / "train-labels-subtask-3.txt").write_text("", encoding="utf-8")
    (d / "train-articles-subtask-2" / "article11.txt").write_text("A made-up story.", encoding="utf-8")
    (d / "train-labels-subtask-2.txt").write_text(
        "11\tEconomic,Not_A_Frame,Political\n12\tMorality\n\n", encoding="utf-8"
    )
    ids, texts, labels = semeval2023.read_frame_docs(tmp_path, "en")
    assert ids == ["11"] and texts == ["A made-up story."]
    assert labels == [["Economic", "Political"]]
    assert len(semeval2023.FRAMES) == 14
