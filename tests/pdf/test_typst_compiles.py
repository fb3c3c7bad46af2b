"""typst compiles in a child process of their own (``build_tools.typst.compiler``): a
volume typst refuses gives typst's diagnostic, a failed or killed child one located line;
and the run's slots (``build_tools.typst.slots``): never more compiles at once than
slots, never two large ones, a free slot to the largest waiting."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

from build_tools.typst.compiler import REFUSED
from build_tools.typst.render import TypstError, compile_outcome, compile_pdf
from build_tools.typst.slots import Slots

pytest.importorskip("typst")


def source(folder: Path, body: str) -> Path:
    main = folder / "volume.typ"
    main.write_text('#set text(lang: "en")\n#set document(title: [A volume])\n' + body, "utf-8")
    return main


def test_a_volume_compiles_in_a_child_that_reports_its_memory(tmp_path):
    main = source(tmp_path, "= A heading\n\nSome text.\n")
    peak = compile_pdf(main, tmp_path / "volume.pdf", tmp_path, 315532800)
    assert (tmp_path / "volume.pdf").read_bytes().startswith(b"%PDF-")
    assert 10 < peak < 2000  # MB: the child's own peak, not the test's


def test_a_volume_typst_refuses_gives_its_diagnostic(tmp_path):
    main = source(tmp_path, "Some text.\n#no-such-function()\n")
    with pytest.raises(TypstError) as refused:
        compile_pdf(main, tmp_path / "volume.pdf", tmp_path, 315532800)
    message = str(refused.value)
    assert message.startswith("typst refused volume.typ:\n")
    assert "unknown variable: no-such-function" in message
    assert "Traceback" not in message
    assert not (tmp_path / "volume.pdf").exists()


def test_a_killed_or_failed_child_gives_one_located_line(tmp_path):
    main = tmp_path / "volume.typ"
    with pytest.raises(TypstError) as killed:
        compile_outcome(main, -signal.SIGKILL, "", "")
    assert str(killed.value) == f"{main}: typst was killed by SIGKILL"
    with pytest.raises(TypstError) as failed:
        compile_outcome(main, 1, "", "Traceback (most recent call last):\n...\nMemoryError\n")
    assert str(failed.value) == f"{main}: typst exited with status 1: MemoryError"
    with pytest.raises(TypstError, match="refused volume.typ:\nerror: bad"):
        compile_outcome(main, REFUSED, "", "error: bad\n")
    assert compile_outcome(main, 0, "204800\n", "") == 200


def run_all(slots: Slots, compiles: list[tuple[int, bool]], work: threading.Event) -> dict:
    """Each compile (size, large) in its own thread, holding a slot until ``work`` is
    set; what ran at once, at most, and the order the slots were given in."""
    seen = {"running": 0, "large": 0, "most": 0, "most large": 0, "order": []}
    lock = threading.Lock()

    def compile_one(size: int, large: bool) -> None:
        with slots.hold(size, large):
            with lock:
                seen["running"] += 1
                seen["large"] += large
                seen["most"] = max(seen["most"], seen["running"])
                seen["most large"] = max(seen["most large"], seen["large"])
                seen["order"].append(size)
            work.wait()
            with lock:
                seen["running"] -= 1
                seen["large"] -= large

    threads = [threading.Thread(target=compile_one, args=c) for c in compiles]
    for thread in threads:
        thread.start()
    seen["threads"] = threads
    return seen


def wait_for(condition) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline, "the slots never got there"
        time.sleep(0.01)


def test_the_slots_bound_compiles_and_large_ones():
    slots, work = Slots(2), threading.Event()
    seen = run_all(slots, [(100, True), (90, True), (5, False), (4, False)], work)
    wait_for(lambda: seen["running"] == 2 and len(slots._waiting) == 2)
    work.set()
    for thread in seen["threads"]:
        thread.join(10)
    assert seen["most"] == 2
    assert seen["most large"] == 1
    assert sorted(seen["order"]) == [4, 5, 90, 100]


def test_a_free_slot_goes_to_the_largest_waiting():
    slots, work = Slots(1), threading.Event()
    first = run_all(slots, [(1, False)], work)
    wait_for(lambda: first["running"] == 1)
    waiting = run_all(slots, [(3, False), (7, True), (5, False)], work)
    wait_for(lambda: len(slots._waiting) == 3)
    work.set()
    for thread in first["threads"] + waiting["threads"]:
        thread.join(10)
    assert waiting["order"] == [7, 5, 3]
