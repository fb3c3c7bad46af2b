"""The CI workflow publishes with least privilege and only what passed the gates.

zizmor (pinned in requirements.lock) audits .github/workflows/ offline, with its default
("regular") persona and no configuration file, and must report nothing; each kind of
finding it used to report is put back into a copy of the workflow to show the audit still
catches it. The rest reads the workflow itself: who may write, pins, the translation gate
before every build, and the site job publishing what `make html` builds (the pipeline's own
root page), refusing a language whose build is missing.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
WORKFLOW = WORKFLOWS / "publish.yml"
ZIZMOR = Path(sys.executable).parent / "zizmor"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
#: the jobs allowed to write, and what; nothing else gets a write permission
WRITERS = {"publish": {"pages", "id-token"}, "release": {"contents"}}


def zizmor(path: Path) -> list[dict]:
    """zizmor's findings on a workflow folder: offline, no token, no configuration file, and
    an error (not a warning and a skipped file) for a workflow that does not validate."""
    assert ZIZMOR.exists(), f"{ZIZMOR} is missing: it is in requirements.lock (make setup)"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN", "ZIZMOR_CONFIG"}
    }
    result = subprocess.run(
        [str(ZIZMOR), "--offline", "--no-config", "--strict-collection", "--persona", "regular"]
        + ["--format", "json", "--no-progress", "--color", "never", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    # 0: no finding; 10 and above: findings (by severity); anything else: zizmor failed
    assert result.returncode == 0 or result.returncode >= 10, result.stderr
    return json.loads(result.stdout)


def describe(findings: list[dict]) -> str:
    lines = []
    for finding in findings:
        where = finding["locations"][0]["concrete"]
        row = where["location"]["start_point"]["row"] + 1
        lines.append(f"{finding['ident']} (line {row}): {where['feature']}")
    return "\n".join(lines)


def load(path: Path = WORKFLOW) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[tuple[str, dict]]:
    return [(name, step) for name, job in workflow["jobs"].items() for step in job["steps"]]


# --- zizmor ---------------------------------------------------------------------------------
def test_zizmor_finds_nothing():
    findings = zizmor(WORKFLOWS)
    assert findings == [], "zizmor findings:\n" + describe(findings)


def _unpin(text: str) -> str:
    return re.sub(r"actions/checkout@[0-9a-f]{40}[^\n]*", "actions/checkout@v4", text, count=1)


def _grant_write_to_all(text: str) -> str:
    """Back to what the workflow used to do: one write grant for every job."""
    text = re.sub(r"\n    permissions:\n(?:      [^\n]*\n)+", "\n", text)
    return text.replace("\npermissions: {}\n", "\npermissions:\n  contents: write\n", 1)


def _keep_credentials(text: str) -> str:
    return text.replace("persist-credentials: false", "fetch-depth: 1", 1)


def _expand_in_run(text: str) -> str:
    return text.replace(
        'run: make all LANGUAGES="$BUILD_LANGUAGE"',
        "run: make all LANGUAGES=${{ github.head_ref }}",
        1,
    )


@pytest.mark.parametrize(
    ("regression", "audit"),
    [
        (_unpin, "unpinned-uses"),
        (_grant_write_to_all, "excessive-permissions"),
        (_keep_credentials, "artipacked"),
        (_expand_in_run, "template-injection"),
    ],
    ids=lambda value: value if isinstance(value, str) else value.__name__.strip("_"),
)
def test_zizmor_catches_a_regression(tmp_path, regression, audit):
    original = WORKFLOW.read_text(encoding="utf-8")
    broken = regression(original)
    assert broken != original, "the regression no longer applies to the workflow"
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "publish.yml").write_text(broken, encoding="utf-8")
    assert audit in {finding["ident"] for finding in zizmor(workflows)}


# --- the workflow itself --------------------------------------------------------------------
def test_only_publishing_jobs_can_write():
    workflow = load()
    assert workflow["permissions"] == {}, "nothing is granted workflow-wide"
    for name, job in workflow["jobs"].items():
        assert "permissions" in job, f"job {name} does not say which permissions it needs"
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert writes == WRITERS.get(name, set()), name
    # and neither of them runs for a pull request; the release only for a tag
    assert "github.event_name == 'push'" in workflow["jobs"]["publish"]["if"]
    assert "github.event_name == 'push'" in workflow["jobs"]["release"]["if"]
    assert "startsWith(github.ref, 'refs/tags/')" in workflow["jobs"]["release"]["if"]


def test_every_action_is_pinned_to_a_commit_and_names_its_version():
    text = WORKFLOW.read_text(encoding="utf-8")
    uses = [step["uses"] for _, step in steps(load()) if "uses" in step]
    assert uses and all(PINNED.match(ref) for ref in uses), uses
    for ref in uses:
        assert re.search(re.escape(ref) + r"\s+# v\d+\.\d+\.\d+\n", text), f"{ref}: no # vX.Y.Z"


def test_checkouts_drop_credentials_and_scripts_expand_nothing():
    for job, step in steps(load()):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, job
        assert "${{" not in step.get("run", ""), f"{job}: pass values through env:"


def test_each_language_passes_check_po_before_it_is_built_and_published():
    workflow = load()
    build = workflow["jobs"]["build"]
    runs = [step.get("run", "") for step in build["steps"]]
    check = next(i for i, run in enumerate(runs) if run.startswith("make check-po "))
    make_all = next(i for i, run in enumerate(runs) if run.startswith("make all "))
    upload = next(i for i, s in enumerate(build["steps"]) if "upload-artifact" in s.get("uses", ""))
    assert check < make_all < upload
    assert runs[check] == 'make check-po LANGUAGES="$BUILD_LANGUAGE"'
    assert runs[make_all] == 'make all LANGUAGES="$BUILD_LANGUAGE"'
    assert build["env"]["BUILD_LANGUAGE"] == "${{ matrix.language }}"
    # skipped only for the source language, which has no PO files (check-po refuses it)
    assert build["steps"][check]["if"] == "matrix.language != needs.languages.outputs.source"
    assert "build" in workflow["jobs"]["site"]["needs"]
    assert {"site", "test"} <= set(workflow["jobs"]["publish"]["needs"])


def test_languages_job_reads_conf_py_as_the_build_does(tmp_path):
    from build_tools.i18n.layout import Layout

    script = next(s["run"] for s in load()["jobs"]["languages"]["steps"] if s.get("id") == "read")
    output = tmp_path / "github_output"
    env = {**os.environ, "GITHUB_OUTPUT": str(output)}
    subprocess.run(["bash", "-e", "-c", script], cwd=REPO, env=env, check=True, timeout=60)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    layout = Layout.load(REPO)
    assert json.loads(outputs["list"]) == list(layout.project.languages)
    assert outputs["source"] == layout.source_language
    assert outputs["source"] not in layout.target_languages


# --- the site job: publishes what `make html` builds, assembled from the artifacts -------
def _site_command() -> list[str]:
    """The assembly step's arguments after ``python -m build_tools``."""
    site = load()["jobs"]["site"]
    step = next(s for s in site["steps"] if s.get("name") == "Assemble the site")
    words = shlex.split(step["run"])
    assert words[:3] == [".venv/bin/python", "-m", "build_tools"], step["run"]
    return words[3:]


def test_the_site_job_publishes_build_html_and_writes_no_page_of_its_own():
    workflow = load()
    site = workflow["jobs"]["site"]
    uploads = [s for s in site["steps"] if "upload-pages-artifact" in s.get("uses", "")]
    assert [s["with"]["path"] for s in uploads] == ["_build/html"]
    downloads = [s for s in site["steps"] if "download-artifact" in s.get("uses", "")]
    assert _site_command() == ["site", downloads[0]["with"]["path"]]
    assert set(site["needs"]) >= {"build"}
    # what the assembly reads is what each build job uploads: build-<lang>/{html,pdf,epub}/<lang>
    from build_tools.pipeline.site import ARTIFACT

    build = workflow["jobs"]["build"]
    upload = next(s for s in build["steps"] if "upload-artifact" in s.get("uses", ""))
    lang = "${{ matrix.language }}"
    assert upload["with"]["name"] == ARTIFACT.format(lang=lang)
    assert downloads[0]["with"]["pattern"] == ARTIFACT.format(lang="*")
    uploaded = [line.strip() for line in upload["with"]["path"].splitlines()]
    assert {f"_build/{kind}/{lang}" for kind in ("html", "pdf", "epub")} <= set(uploaded)
    # no step anywhere writes a page: the root page is the pipeline's own
    for job, step in steps(workflow):
        run = step.get("run", "")
        assert not re.search(r"(?i)<html|<!doctype|write_text|>\s*\S*\.html|tee\s|<<", run), job
    # the deploying job runs nothing of its own, it deploys the site job's artifact
    publish = workflow["jobs"]["publish"]
    assert "site" in publish["needs"]
    assert all("run" not in step for step in publish["steps"])
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/deploy-pages"]


def _project(root: Path, languages: list[str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(f"shadow_languages = {languages!r}\n", encoding="utf-8")
    return root


def _artifact(root: Path, lang: str, *, pdf: bool = True) -> None:
    build = root / "artifacts" / f"build-{lang}"
    (build / "html" / lang).mkdir(parents=True)
    (build / "html" / lang / "index.html").write_text(f"<p>{lang}</p>", encoding="utf-8")
    for kind, present in (("pdf", pdf), ("epub", True)):
        (build / kind / lang).mkdir(parents=True)
        if present:
            (build / kind / lang / f"shadow-reports.{kind}").write_bytes(b"x")


def _run_site_step(root: Path, monkeypatch) -> int:
    from build_tools.cli import main

    monkeypatch.chdir(root)  # the step runs at the checkout's root
    return main(["--root", str(root), *_site_command()])


def test_the_site_is_what_make_html_builds(tmp_path, monkeypatch):
    from build_tools.pipeline.language_index import write_language_index
    from build_tools.pipeline.project import Project

    ci = _project(tmp_path / "ci", ["en", "es", "fr"])
    for lang in ("en", "es", "fr"):
        _artifact(ci, lang)
    assert _run_site_step(ci, monkeypatch) == 0
    # a local `make html` of the same languages: the same root page, byte for byte
    local = _project(tmp_path / "local", ["en", "es", "fr"])
    for lang in ("en", "es", "fr"):
        (local / "_build" / "html" / lang).mkdir(parents=True)
        (local / "_build" / "html" / lang / "index.html").write_text(f"<p>{lang}</p>")
    expected = write_language_index(Project.load(local)).read_bytes()
    site = ci / "_build" / "html"
    assert (site / "index.html").read_bytes() == expected
    index = expected.decode()
    for lang, name in (("en", "English"), ("es", "Español"), ("fr", "Français")):
        assert (site / lang / "index.html").read_text() == f"<p>{lang}</p>"
        assert f'<li lang="{lang}"><a href="{lang}/index.html" hreflang="{lang}">{name}<' in index
    assert sorted(p.name for p in site.iterdir()) == ["en", "es", "fr", "index.html"]


@pytest.mark.parametrize("broken", ["missing", "no-pdf"])
def test_the_site_refuses_a_language_whose_build_is_incomplete(
    tmp_path, monkeypatch, capsys, broken
):
    root = _project(tmp_path, ["en", "fr"])
    _artifact(root, "en")
    if broken == "no-pdf":
        _artifact(root, "fr", pdf=False)
    assert _run_site_step(root, monkeypatch) == 2
    err = capsys.readouterr().err
    assert "build-fr: fr: no " + ("website" if broken == "missing" else "PDF") in err
    assert "Traceback" not in err and "build-en" not in err
    assert not (root / "_build").exists(), "nothing is published"
