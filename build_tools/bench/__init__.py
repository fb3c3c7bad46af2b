"""``make bench``: our build pipeline timed against plain Sphinx doing the same work, on
the shipped corpus and on copies scaled 2x, 4x, ... A benchmark, not a test: it reports
each budget as pass or miss and never fails on a time.

Parsing only, like ``build_tools.cli``: the corpora are made in :mod:`.corpus`, the
measurements in :mod:`.measure`. Output: ``_build/bench/`` (corpora, ``logs/``,
``results-<timestamp>.json``, ``latest.json``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from build_tools.bench.cases import CASES

DEFAULT_SCALES = (1, 2, 4)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``bench``, shared by ``python -m build_tools.bench`` and the cli."""
    parser.add_argument(
        "--scales",
        type=int,
        nargs="+",
        default=list(DEFAULT_SCALES),
        help="corpus sizes, in copies of every report (default: 1 2 4)",
    )
    parser.add_argument("--quick", action="store_true", help="skip PDF (LaTeX) on both sides")
    parser.add_argument(
        "--cases",
        nargs="+",
        choices=CASES,
        default=list(CASES),
        metavar="CASE",
        help=f"measure only these cases (and those they build on): {', '.join(CASES)}",
    )
    parser.add_argument(
        "--out", default=None, help="where corpora, logs and results go (default: _build/bench)"
    )
    parser.add_argument(
        "--timeout", type=float, default=3600.0, help="seconds before a command is killed"
    )


def _lock(root: Path, out: Path) -> AbstractContextManager[object]:
    """The build lock of the tree the benchmark writes into: ``root``'s when ``out`` is in
    its ``_build/`` (the default), else ``out``'s own. The measured builds run on the
    generated corpora, each a root with a lock of its own, so they never wait for this one."""
    from build_tools.pipeline.lock import build_lock

    if not (root / "conf.py").is_file():
        return nullcontext()  # run_benchmark refuses it before writing anything
    build_dir = root / "_build"
    if not out.is_relative_to(build_dir):
        out.mkdir(parents=True, exist_ok=True)
        build_dir = out
    return build_lock(build_dir, "bench")


def run(args: argparse.Namespace) -> int:
    """Run the benchmark; 0 whatever the times, 2 when it could not run at all."""
    from build_tools.bench.measure import failures, run_benchmark
    from build_tools.model.errors import ModelError

    root = Path(args.root).resolve()
    out = Path(args.out).resolve() if args.out else root / "_build" / "bench"
    if any(scale < 1 for scale in args.scales):
        print("error: every scale must be at least 1", file=sys.stderr)
        return 2
    scales = sorted(set(args.scales))
    try:
        with _lock(root, out):
            record = run_benchmark(
                root, out, scales, args.quick, args.timeout, cases_chosen=args.cases
            )
    except (ModelError, OSError) as error:
        print(f"error: benchmark could not run: {error}", file=sys.stderr)
        return 2
    print()
    print(record["table"])
    if record.get("profile_table"):
        print(f"\n{record['profile_table']}")
    for line in failures(record):
        print(f"failed: {line}")
    print(f"\nresults: {out / 'latest.json'} (logs in {out / 'logs'})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools.bench", description=__doc__)
    parser.add_argument("--root", default=".", help="repository root (where conf.py is)")
    add_arguments(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))
