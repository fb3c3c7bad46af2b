"""The published site from the CI's per-language builds: ``_build/html/`` as ``make html``
leaves it (every language's site and the root language page), assembled from the artifacts
the workflow's build jobs upload, one per language.

The workflow builds each language in its own job, so no job has every language; this puts
their websites side by side in ``_build/html/<lang>/`` and writes the root page with the
same function as ``make html`` (:func:`write_language_index`), so what is published is what
a local build shows. A language whose build is missing or incomplete stops the assembly
before anything is written: a site without one of its languages is never published.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.model.errors import ModelError
from build_tools.pipeline.language_index import write_language_index
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import publish_tree

#: what each language's artifact must hold (download-artifact's layout: build-<lang>/...)
ARTIFACT = "build-{lang}"


def artifact_problems(project: Project, artifacts: Path) -> list[str]:
    """One line per language whose artifact lacks its website, PDF or EPUB."""
    problems = []
    for lang in project.languages:
        build = artifacts / ARTIFACT.format(lang=lang)
        where = f"{build}"
        if not (build / "html" / lang / "index.html").is_file():
            problems.append(f"{where}: {lang}: no website (html/{lang}/index.html)")
        elif not any((build / "pdf" / lang).glob("*.pdf")):
            problems.append(f"{where}: {lang}: no PDF (pdf/{lang}/*.pdf)")
        elif not any((build / "epub" / lang).glob("*.epub")):
            problems.append(f"{where}: {lang}: no EPUB (epub/{lang}/*.epub)")
    return problems


def assemble_site(project: Project, artifacts: Path) -> Path:
    """``_build/html/`` from ``artifacts/build-<lang>/html/<lang>/`` for every language of
    conf.py, and its root page; the folder to publish. Raises :class:`ModelError` naming
    every incomplete language, having written nothing."""
    if not artifacts.is_dir():
        raise ModelError(f"{artifacts}: no such folder (the downloaded build artifacts)")
    problems = artifact_problems(project, artifacts)
    if problems:
        raise ModelError(
            "incomplete build, nothing is published:\n  " + "\n  ".join(problems),
        )
    html_root = project.build_dir / "html"
    for lang in project.languages:
        source = artifacts / ARTIFACT.format(lang=lang) / "html" / lang
        publish_tree(source, html_root / lang)
    write_language_index(project)
    return html_root
