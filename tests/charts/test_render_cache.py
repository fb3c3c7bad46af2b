"""The chart cache a language's jobs share: a chart is drawn once, whichever job needs it
first; a job that needs it meanwhile waits and reuses it, byte for byte."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest
from matplotlib.figure import Figure

from build_tools.charts.render import ChartError, ChartStats, Script, render


def slow_script(path: Path, calls: list[int]) -> Script:
    module = ModuleType("slow_chart")

    def draw(data, translate):
        calls.append(1)
        time.sleep(0.3)  # long enough for the other job to ask meanwhile
        figure = Figure(figsize=(2, 1))
        figure.add_subplot().bar([1, 2], [3, 4])
        return figure

    module.draw, module.NEEDS = draw, "report"
    path.write_text("# the script's source is part of the key\n", encoding="utf-8")
    return Script("slow", path, module)


def test_two_jobs_asking_for_one_chart_at_once_draw_it_once(tmp_path: Path) -> None:
    calls: list[int] = []
    script = slow_script(tmp_path / "slow.py", calls)
    data = SimpleNamespace(language="en")
    cache = tmp_path / "cache"
    stats = [ChartStats(), ChartStats()]
    found: list[Path] = []

    def job(index: int) -> None:
        found.append(render(script, data, str, "svg", cache, b"", stats[index]))

    jobs = [threading.Thread(target=job, args=(i,)) for i in range(2)]
    for thread in jobs:
        thread.start()
    for thread in jobs:
        thread.join()
    assert len(calls) == 1
    assert sorted((s.drawn, s.reused) for s in stats) == [(0, 1), (1, 0)]
    assert found[0] == found[1] and found[0].read_bytes().startswith(b"<?xml")
    assert [p.name for p in cache.iterdir() if not p.name.startswith(".")] == [found[0].name]


def test_the_build_is_hidden_from_the_collector_only_while_drawing(tmp_path: Path) -> None:
    """The objects alive before drawing are frozen for the collector while a figure is
    drawn (gc.freeze), and given back to it afterwards, even when the script fails."""
    seen: list[int] = []
    module = ModuleType("frozen_chart")

    def draw(data, translate):
        seen.append(gc.get_freeze_count())
        figure = Figure(figsize=(2, 1))
        figure.add_subplot().bar([1, 2], [3, 4])
        return figure

    module.draw, module.NEEDS = draw, "report"
    path = tmp_path / "frozen.py"
    path.write_text("# source\n", encoding="utf-8")
    render(Script("frozen", path, module), SimpleNamespace(language="en"), str, "svg",
           tmp_path / "cache", b"", ChartStats())  # fmt: skip
    assert seen[0] > 0 and gc.get_freeze_count() == 0

    def fail(data, translate):
        raise ValueError("broken script")

    module.draw = fail
    with pytest.raises(ChartError):
        render(Script("frozen", path, module), SimpleNamespace(language="fr"), str, "svg",
               tmp_path / "cache", b"", ChartStats())  # fmt: skip
    assert gc.get_freeze_count() == 0
