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


# --- a report's previous edition (reports/<report>/previous-edition.yaml) ------------------
EDITION = """\
edition: "First edition"
title: "Alpha, first report"
date: 2014-06-16
status: sample
ratings:
  - {article: 25, in-law: partly, in-practice: not}
  - {article: 26, in-law: largely, in-practice: partly}
recommendations:
  - {id: EE-25-1, article: 25, follow-up: implemented}
"""
CHECK_EDITION = ("-m", "build_tools.edition", "check")
START_EDITION = ("-m", "build_tools.edition", "start", "--report")


def edition(old: str = "", new: str = ""):
    """A previous edition of report alpha with ``old`` replaced; returns the changed line."""

    def setup(sandbox: Sandbox) -> int | None:
        assert old in EDITION
        text = EDITION.replace(old, new, 1)
        (sandbox.page("alpha/previous-edition.yaml")).write_text(text, encoding="utf-8")
        return EDITION[: EDITION.index(old)].count("\n") + 1 if old else None

    return setup


CASES += [
    Case(
        "data-edition-unknown-article",
        setup=edition("{article: 26,", "{article: 126,"),
        command=CHECK_EDITION,
        where=r"reports/alpha/previous-edition\.yaml:<LINE>",
        says=r"unknown article '126'.*articles 1 to 93",
    ),
    Case(
        "data-edition-unknown-rating",
        setup=edition("in-law: largely", "in-law: largley"),
        command=CHECK_EDITION,
        where=r"reports/alpha/previous-edition\.yaml:<LINE>",
        says=r"did you mean 'largely'.*valid:",
    ),
    Case(
        "data-edition-duplicate-article",
        setup=edition("{article: 26,", "{article: 25,"),
        command=CHECK_EDITION,
        where=r"reports/alpha/previous-edition\.yaml:<LINE>",
        says=r"article 25 is rated twice",
    ),
    Case(
        "data-edition-unknown-follow-up",
        setup=edition("follow-up: implemented", "follow-up: done and dusted"),
        command=CHECK_EDITION,
        where=r"reports/alpha/previous-edition\.yaml:<LINE>",
        says=r"follow-up 'done and dusted' is not known; valid: implemented, partly",
    ),
    Case(
        "data-edition-in-a-build",
        setup=edition("in-practice: partly", "in-practice: partially conform"),
        command=("build", "html", "--languages", "en"),
        where=r"reports/alpha/previous-edition\.yaml:<LINE>",
        says=r"previous edition: in-practice: rating 'partially conform' is not on the scale",
    ),
    Case(
        "data-edition-start-would-overwrite",
        setup=edition(),
        command=(*START_EDITION, "alpha"),
        where=r"reports/alpha/previous-edition\.yaml",
        says=r"exists already, nothing changed",
        exit_code=2,
    ),
    Case(
        "data-edition-start-unknown-report",
        setup=lambda sandbox: None,
        command=(*START_EDITION, "alpah"),
        says=r"unknown report 'alpah'.*lists alpha",
        exit_code=2,
    ),
]
