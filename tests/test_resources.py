from presswatch.resources import find_model, model_candidates


def test_env_override_file_and_folder(tmp_path, monkeypatch):
    f = tmp_path / "weights.json"
    f.write_text("{}")
    monkeypatch.setenv("PRESSWATCH_STANCE_MODEL", str(f))
    assert find_model("x", "weights.json", env="PRESSWATCH_STANCE_MODEL") == f
    monkeypatch.setenv("PRESSWATCH_STANCE_MODEL", str(tmp_path))
    assert find_model("x", "weights.json", env="PRESSWATCH_STANCE_MODEL") == f


def test_missing_model_names_the_source_tree_place(monkeypatch):
    monkeypatch.delenv("PRESSWATCH_STANCE_MODEL", raising=False)
    p = find_model("no-such-model", "w.bin", env="PRESSWATCH_STANCE_MODEL")
    assert not p.exists()
    assert p == model_candidates("no-such-model")[0] / "w.bin"
    assert p.parent.parent.name == "models"


def test_shipped_sourcing_model_is_found():
    p = find_model("sourcing", "cue_model.json")
    assert p.is_file() and p.parent.name == "sourcing"
