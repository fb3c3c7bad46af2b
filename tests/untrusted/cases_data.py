"""Data files people hand the tools: a translator's terminology list, the coordinator's
submission profile. Each error names the file (and the line where YAML can say it)."""

from __future__ import annotations

from tests.untrusted.harness import Case, Sandbox

CHECK_PO = ("-m", "build_tools.i18n", "check", "--languages", "es")
SUBMISSION = (
    "-m", "build_tools.word", "submission", "--profile", "profile.yaml",
    "--reports", "alpha", "--languages", "en",
)  # fmt: skip


def terminology(text: str):
    def setup(sandbox: Sandbox) -> None:
        (sandbox.root / "locale" / "es" / "terminology.yaml").write_text(text, encoding="utf-8")

    return setup


def profile(text: str):
    def setup(sandbox: Sandbox) -> None:
        (sandbox.root / "profile.yaml").write_text(text, encoding="utf-8")

    return setup


CASES = [
    Case(
        "data-terminology-syntax",
        setup=terminology('terms:\n  "migrant worker": ["trabajador\n'),
        command=CHECK_PO,
        where=r"locale/es/terminology\.yaml:\d+",
        says="YAML",
    ),
    Case(
        "data-terminology-shape",
        setup=terminology("terms: 5\n"),
        command=CHECK_PO,
        where=r"locale/es/terminology\.yaml",
        says="must map English terms",
    ),
    Case(
        "data-submission-syntax",
        setup=profile("alpha:\n  chapters: [introduction,\n"),
        command=SUBMISSION,
        where=r"profile\.yaml:\d+",
        says="not valid YAML",
    ),
    Case(
        "data-submission-unknown-key",
        setup=profile("default:\n  contact: a@b.example\n  publishable: true\n  colour: red\n"),
        command=SUBMISSION,
        where=r"profile\.yaml",
        says="unknown key.*valid:",
    ),
    Case(
        "data-submission-bad-date",
        setup=profile("default:\n  contact: a@b.example\n  publishable: true\n  date: 1/2/26\n"),
        command=SUBMISSION,
        where=r"profile\.yaml",
        says="YYYY-MM-DD",
    ),
]
