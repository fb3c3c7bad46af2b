"""The site's downloads (build_tools/pipeline/downloads.py): the published files of a
language copied into its site after the run's jobs, links kept only to files that exist,
sizes written in the page's language. Plain files, no Sphinx."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from build_tools.pipeline.downloads import file_size, publish_downloads

PAGE = (
    '<p><a data-shadow-file="downloads/spain.pdf" href="../downloads/spain.pdf" hreflang="fr">'
    'PDF<span class="shadow-size" data-shadow-size="downloads/spain.pdf"></span></a>'
    '<a data-shadow-file="downloads/spain.docx" href="../downloads/spain.docx" hreflang="fr">'
    'Word<span class="shadow-size" data-shadow-size="downloads/spain.docx"></span></a></p>'
)


def project(tmp_path: Path) -> SimpleNamespace:
    build = tmp_path / "_build"
    (build / "html" / "fr" / "spain").mkdir(parents=True)
    (build / "html" / "fr" / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (build / "html" / "fr" / "spain" / "index.html").write_text(PAGE, encoding="utf-8")
    (build / "pdf" / "fr").mkdir(parents=True)
    (build / "pdf" / "fr" / "spain.pdf").write_bytes(b"%PDF" + b"x" * 1_500_000)
    return SimpleNamespace(build_dir=build, languages=("fr",), reports=("spain",))


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")  # CLDR's (narrow) no-break spaces


def test_sizes_follow_the_language():
    assert plain(file_size(1_234_567, "en")) == "1.2 MB"
    assert plain(file_size(1_234_567, "fr")) == "1,2 Mo"
    assert plain(file_size(45_678, "es")) == "46 kB"


def test_built_files_are_linked_with_their_size_and_missing_ones_are_not(tmp_path):
    proj = project(tmp_path)
    written = publish_downloads(proj)
    site = proj.build_dir / "html" / "fr"
    assert (site / "downloads" / "spain.pdf").read_bytes()[:4] == b"%PDF"
    page = (site / "spain" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/spain.pdf"' in page and "1,5 Mo" in plain(page)
    assert '<a data-shadow-file="downloads/spain.docx">Word' in page  # not built: no link
    assert site / "spain" / "index.html" in written
    # nothing changed: nothing written
    assert publish_downloads(proj) == []
    # a file gone from the build leaves the site too, and its link with it
    (proj.build_dir / "pdf" / "fr" / "spain.pdf").unlink()
    publish_downloads(proj)
    assert not (site / "downloads" / "spain.pdf").exists()
    assert 'href="../downloads/spain.pdf"' not in (site / "spain" / "index.html").read_text(
        encoding="utf-8"
    )
