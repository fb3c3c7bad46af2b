"""The reports of a Word job: pandoc for several at once when the run leaves the job
cores, published and reported in the reports' order, a failure raised in that order."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_tools.word import export
from build_tools.word.pandoc import WordError

NAMES = ["alpha", "beta", "gamma"]


class Recorder:
    def __init__(self, fail: str = "") -> None:
        self.fail = fail
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def convert(self, outdir, manifest, prepared, target: Path) -> export.Exported:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        time.sleep(0.2)  # pandoc's time: long enough for a second thread to start
        with self.lock:
            self.running -= 1
        if prepared.report.name == self.fail:
            raise WordError(f"pandoc failed on {self.fail}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(prepared.report.name, encoding="utf-8")
        return export.Exported("en", prepared.report.name, target, "", 0, 0, 0)


def work_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cores: int, recorder: Recorder):
    reports = {name: SimpleNamespace(name=name) for name in NAMES}
    manifest = SimpleNamespace(report=reports.__getitem__)
    monkeypatch.setattr(export.Manifest, "read", staticmethod(lambda outdir: manifest))
    monkeypatch.setattr(
        export,
        "prepare_report",
        lambda outdir, manifest, report, options, tools: SimpleNamespace(
            report=report, key=f"key-{report.name}", cleaned=None
        ),
    )
    monkeypatch.setattr(export, "convert_prepared", recorder.convert)
    monkeypatch.setattr(export, "counts", lambda cleaned: {})
    said: list[str] = []
    work = SimpleNamespace(
        outdir=tmp_path / "single",
        job=SimpleNamespace(targets=NAMES),
        folder=tmp_path / "job",
        published=tmp_path / "published",
        tools="",
        parallel=lambda: cores,
        say=said.append,
    )
    work.published.mkdir()
    return work, said


def convert(work) -> list:
    return export.convert_reports(work, lambda manifest, report: None, lambda item: item.name)


def test_the_reports_convert_at_once_and_publish_in_their_order(tmp_path, monkeypatch):
    recorder = Recorder()
    work, said = work_with(tmp_path, monkeypatch, 2, recorder)
    items = convert(work)
    assert recorder.most == 2
    assert [i.name for i in items] == NAMES == said
    assert [i.state for i in items] == ["written"] * 3
    assert (work.published / "beta.docx").read_text(encoding="utf-8") == "beta"
    # unchanged inputs: nothing converted again
    again = convert(work)
    assert [i.state for i in again] == ["reused"] * 3


def test_one_core_converts_one_report_at_a_time(tmp_path, monkeypatch):
    recorder = Recorder()
    work, _said = work_with(tmp_path, monkeypatch, 1, recorder)
    convert(work)
    assert recorder.most == 1


def test_a_failed_report_is_raised_after_the_ones_before_it_are_published(tmp_path, monkeypatch):
    recorder = Recorder(fail="beta")
    work, said = work_with(tmp_path, monkeypatch, 2, recorder)
    with pytest.raises(WordError, match="beta"):
        convert(work)
    assert said == ["alpha"]
    assert (work.published / "alpha.docx").is_file()
    assert not (work.published / "beta.docx").exists()
    assert not (work.published / "gamma.docx").exists()
