"""``make new-report``: a new report tree from the template, registered in the collection,
that builds at once; refusals that change nothing; the edits of conf.py and index.md."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest

from build_tools.cli import main as build_main
from build_tools.model.convention import convention
from build_tools.pipeline.project import Project
from build_tools.scaffold import new_report
from build_tools.scaffold.cli import main
from build_tools.scaffold.countries import check_folder_name, folder_name, resolve_country
from build_tools.scaffold.errors import ScaffoldError
from build_tools.scaffold.pages import PAGES, render_pages
from build_tools.scaffold.register import add_to_shadow_reports, add_to_toctree

EPOCH = "1795000000"  # 2026-11-18, UTC
PARTS_III_IV = [*range(8, 36), *range(36, 57)]


def new(project: Path, *args: str) -> int:
    return main(["new-report", "--root", str(project), *args])


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_new_report_is_created_registered_and_builds(mini_project, capsys):
    assert new(mini_project, "--country", "pt") == 0
    out = capsys.readouterr().out
    assert "created reports/portugal/" in out
    assert "make update-po" in out and "make html LANGUAGES=en" in out

    folder = mini_project / "reports" / "portugal"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{p}.md" for p in PAGES)
    index = text(folder / "index.md")
    assert index.startswith("# Portugal: national law and the UN Migrant Workers Convention\n")
    for option in (":country: PT", ":organisations: To be completed", ":edition: Draft"):
        assert option in index
    assert ":date: 2026-11-18" in index and ":status: draft" in index
    assert "```{recommendation-list}" in text(folder / "recommendations.md")
    assert "```{assessment-summary}" in text(folder / "annexes.md")

    # registered: Sphinx reads the new list, the toctree lists the report after the others
    assert Project.load(mini_project).reports == ("alpha", "portugal")
    assert "alpha/index\nportugal/index\n" in text(mini_project / "reports" / "index.md")

    assert build_main(["--root", str(mini_project), "build", "html", "--languages", "en"]) == 0
    site = mini_project / "_build" / "html" / "en" / "portugal"
    for page in PAGES:
        assert (site / f"{page}.html").is_file()
    summary = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text(site / "annexes.html"))).split())
    articles = convention().articles
    for number in (7, 73, 83, 84, *PARTS_III_IV):
        row = f"{number} {articles[number].subject} Not yet assessed Not yet assessed"
        assert row in summary, row


def test_second_new_report_refuses_and_changes_nothing(mini_project, capsys):
    assert new(mini_project, "--country", "PT") == 0
    before = snapshot(mini_project)
    capsys.readouterr()
    assert new(mini_project, "--country", "PT") == 2
    err = capsys.readouterr().err
    assert err.startswith("error: reports/portugal/ already exists") and err.count("\n") == 1
    assert snapshot(mini_project) == before


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("XQ", "unknown country code 'XQ'"),
        ("UK", "did you mean GB (United Kingdom)"),
        ("portgual", "did you mean PT (Portugal)"),
        ("EU", "EU is the European Union, not a country"),
    ],
)
def test_unknown_code_refuses_and_changes_nothing(mini_project, capsys, code, message):
    before = snapshot(mini_project)
    assert new(mini_project, "--country", code) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert snapshot(mini_project) == before


def test_conf_without_shadow_reports_list_refuses(mini_project, capsys):
    conf = mini_project / "conf.py"
    conf.write_text(
        text(conf).replace('shadow_reports = ["alpha"]', 'shadow_reports = list(("alpha",))'),
        encoding="utf-8",
    )
    before = snapshot(mini_project)
    assert new(mini_project, "--country", "PT") == 2
    assert "cannot find the list shadow_reports = [...] in conf.py" in capsys.readouterr().err
    assert snapshot(mini_project) == before


def test_a_failure_at_the_end_undoes_everything(mini_project, monkeypatch, capsys):
    """If Sphinx does not read back what was meant, the folder, conf.py and index.md are
    all restored."""
    before = snapshot(mini_project)
    real = new_report._read_conf
    calls = []

    def read_back_wrong(root: Path) -> new_report._Declared:
        calls.append(root)
        declared = real(root)
        return declared if len(calls) == 1 else new_report._Declared((), False)

    monkeypatch.setattr(new_report, "_read_conf", read_back_wrong)
    assert new(mini_project, "--country", "PT") == 2
    assert "Sphinx does not read the expected shadow_reports" in capsys.readouterr().err
    assert snapshot(mini_project) == before
    assert not list((mini_project / "reports").glob(".*"))  # no staging left behind


def test_default_folder_names_and_invalid_names():
    assert folder_name(resolve_country("gb").name) == "united-kingdom"
    assert folder_name(resolve_country("CI").name) == "cote-d-ivoire"
    with pytest.raises(ScaffoldError, match="invalid report name"):
        check_folder_name("Portugal 2026")


def test_name_option(mini_project):
    assert new(mini_project, "--country", "PT", "--name", "portugal-2027") == 0
    assert (mini_project / "reports" / "portugal-2027" / "index.md").is_file()
    assert Project.load(mini_project).reports == ("alpha", "portugal-2027")


def test_pages_have_one_title_and_every_article_once():
    pages = render_pages(resolve_country("PT"), dt.date(2026, 11, 18))
    for name, page in pages.items():
        titles = [line for line in page.splitlines() if line.startswith("# ")]
        assert len(titles) == 1 and page.startswith(titles[0]), name
    analysis = pages["part-iii.md"] + pages["part-iv.md"]
    found = [int(n) for n in re.findall(r"^::::\{assessment\} (\d+)$", analysis, re.M)]
    assert found == PARTS_III_IV
    assert "## Article 25: Equal pay and working conditions\n" in pages["part-iii.md"]
    general = re.findall(r"^::::\{assessment\} (\d+)$", pages["general-measures.md"], re.M)
    assert sorted(map(int, general)) == [7, 73, 83, 84]
    assert "% :::{law} pt-example" in pages["legal-framework.md"]
    # a project without MyST's colon_fence gets backtick fences, which it can parse
    plain = render_pages(resolve_country("PT"), dt.date(2026, 11, 18), False)
    assert "````{assessment} 8\n" in plain["part-iii.md"] and "::::" not in plain["part-iii.md"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ('shadow_reports = ["a", "b"]\n', 'shadow_reports = ["a", "b", "pt"]\n'),
        ("shadow_reports = ['a']  # note\n", "shadow_reports = ['a', 'pt']  # note\n"),
        ("shadow_reports = []\n", 'shadow_reports = ["pt"]\n'),
        (
            'shadow_reports = [\n    "a",\n    "b"  # last\n]\n',
            'shadow_reports = [\n    "a",\n    "b",  # last\n    "pt",\n]\n',
        ),
        (
            "shadow_reports = [" + ", ".join(f'"report-{n}"' for n in range(8)) + "]\n",
            "shadow_reports = [\n"
            + "".join(f'    "report-{n}",\n' for n in range(8))
            + '    "pt",\n]\n',
        ),
    ],
)
def test_conf_edit_keeps_the_authors_style(before, after):
    assert add_to_shadow_reports(before, "pt") == after


@pytest.mark.parametrize(
    "conf",
    [
        "x = 1\n",
        'shadow_reports = ["a"]\nshadow_reports += ["b"]\n',
        'shadow_reports = sorted(["a"])\n',
    ],
)
def test_conf_edit_refuses_what_it_cannot_edit_safely(conf):
    with pytest.raises(ScaffoldError, match="cannot find the list shadow_reports"):
        add_to_shadow_reports(conf, "pt")


def test_toctree_entry_goes_before_the_comparative_chapter():
    index = (
        "# C\n\n```{toctree}\n:maxdepth: 1\n\nspain/index\ncomparative/index\nhandbook/index\n```\n"
    )
    edited = add_to_toctree(index, "portugal/index", ["spain"])
    assert "spain/index\nportugal/index\ncomparative/index\n" in edited
    assert add_to_toctree(edited, "portugal/index", ["spain", "portugal"]) == edited
    with pytest.raises(ScaffoldError, match="cannot find the toctree"):
        add_to_toctree("# C\n\nNo contents.\n", "portugal/index", [])
