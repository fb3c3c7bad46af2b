"""A volume's HTML -> typst -> tagged PDF/UA-1.

pandoc's typst writer (with ``data/typst/filter.lua``) makes the body; the volume's
metadata (cover, imprint, words of the template, already in the volume's language, dates
through Babel) goes into ``volume.json`` and the design tokens into ``tokens.json``, which
``data/typst/shadow.typ`` reads; the compiler of the ``typst`` wheel, in a process of its own
(:mod:`.compiler`), writes the PDF.
Typst is asked for PDF/UA-1, and refuses to write a PDF that does not conform (a figure
without alt text, a table without header cells, ...): the error names what is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale

from build_tools.design import TOKENS
from build_tools.model.rating import Rating
from build_tools.typst.compiler import REFUSED
from build_tools.typst.volume import page_margins
from build_tools.word.pandoc import pandoc_identity, run_pandoc

DATA = Path(__file__).resolve().parent.parent / "data" / "typst"
PACKAGE_PARENT = Path(__file__).resolve().parents[2]  # on the compiler child's path
TEMPLATE = DATA / "shadow.typ"
FILTER = DATA / "filter.lua"
#: TeX Gyre Pagella and Heros (Debian: fonts-texgyre, no TeX Live); DejaVu for code
FONT_DIRS = (
    Path("/usr/share/texmf/fonts/opentype/public/tex-gyre"),
    Path("/usr/share/fonts/opentype/tex-gyre"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
PDF_STANDARD = "ua-1"
PANDOC_FROM = "html-auto_identifiers"
COMPILE_TIMEOUT = 600  # s: the collection takes ~7 s; a hung compile must not hang the run


class TypstError(Exception):
    """The typst compiler refused the volume (its message names the element)."""


def typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


def converter_identity() -> str:
    """What shapes a body besides its HTML (the filter, pandoc): a change converts the
    bodies again."""
    digest = hashlib.sha256(FILTER.read_bytes())
    digest.update(pandoc_identity().encode())
    return digest.hexdigest()


def engine_identity() -> str:
    """Everything besides the sources that shapes a PDF: a change rebuilds the volumes."""
    digest = hashlib.sha256(converter_identity().encode())
    digest.update(TEMPLATE.read_bytes())
    digest.update(typst_version().encode())
    return digest.hexdigest()


def language_name(language: str) -> str:
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def tokens() -> dict[str, Any]:
    ratings = {}
    for rating in Rating:
        style = rating.value
        ratings[rating.code] = {
            "fill": style.colour,
            "text": style.text_colour,
            "hatch": style.hatch,
        }
    return {
        **{k: v for k, v in vars(TOKENS).items() if isinstance(v, str)},
        "ratings": ratings,
        "page": page_margins(),
    }


@dataclass(frozen=True)
class VolumeMeta:
    """What the template says about a volume beside its body."""

    title: str
    subtitle: str
    short_title: str
    collection: str
    language: str
    authors: tuple[str, ...]
    description: str
    watermark: str
    cover: tuple[tuple[str, str], ...]
    imprint: tuple[tuple[str, str], ...]
    words: dict[str, str]
    contents_depth: int = 2

    def to_json(self) -> dict[str, Any]:
        lang, _, region = self.language.partition("_")
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "short_title": self.short_title,
            "collection": self.collection,
            "lang": lang,
            "region": region.lower() or None,
            "authors": "; ".join(self.authors),  # one string: pdfinfo shows it as written
            "keywords": [self.collection],
            "description": self.description,
            "watermark": self.watermark,
            "cover": [list(p) for p in self.cover],
            "imprint": [list(p) for p in self.imprint],
            "labels": {
                "contents": self.words.get("Contents", "Contents"),
                "page": self.words.get("p.", "p."),
            },
            "contents_depth": self.contents_depth,
        }


def typst_string(text: str) -> str:
    """``text`` as a string in typst code (a title, a file name: content, never code)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pandoc_typst(html_path: Path, resource_path: Path) -> str:
    """The volume's body in typst markup."""
    run = run_pandoc(
        [
            "-f",
            PANDOC_FROM,
            "-t",
            "typst",
            "--lua-filter",
            str(FILTER),
            "--wrap=preserve",
            "--resource-path",
            str(resource_path),
            str(html_path),
        ]
    )
    return run.stdout


def write_shared(folder: Path) -> None:
    """The template and the design tokens every volume of ``folder`` reads."""
    shutil.copyfile(TEMPLATE, folder / "shadow.typ")
    (folder / "tokens.json").write_text(json.dumps(tokens(), indent=1), encoding="utf-8")


def write_body(folder: Path, name: str, body: str) -> None:
    """``<name>.body.typ``: a body pandoc made, with the template's elements in scope."""
    text = '#import "shadow.typ": *\n' + body
    path = folder / f"{name}.body.typ"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_main(folder: Path, name: str, body: str, meta: VolumeMeta) -> Path:
    """``<name>.typ``, the volume: the template applied to ``body`` (which includes the
    bodies of :func:`write_body`), its metadata beside it, in ``folder`` (the build's
    output folder: the charts' relative paths hold from there)."""
    (folder / f"{name}.volume.json").write_text(
        json.dumps(meta.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    main = folder / f"{name}.typ"
    main.write_text(
        '#import "shadow.typ": *\n'
        f"#let volume = json({typst_string(name + '.volume.json')})\n"
        "#show: shadow-volume.with(volume)\n" + body,
        encoding="utf-8",
    )
    return main


def compile_pdf(
    main: Path, output: Path, root: Path, timestamp: int, font_dirs: Sequence[Path] = FONT_DIRS
) -> int:
    """typst for ``main``, in a child process (:mod:`.compiler`), then its label links
    pointed at their pages in another (:mod:`.links`: the compiler's child keeps typst's
    memory to its end); returns the larger of the two children's peak RSS in MB."""
    fonts = [str(d) for d in font_dirs if d.is_dir()]
    command = [sys.executable, "-m", "build_tools.typst.compiler"]
    command += [str(main), str(output), str(root), str(timestamp), PDF_STANDARD, *fonts]
    peak = run_child(main, command)
    try:
        return max(
            peak, run_child(main, [sys.executable, "-m", "build_tools.typst.links", str(output)])
        )
    except TypstError:
        output.unlink(missing_ok=True)  # a PDF with links to nowhere is no volume
        raise


def run_child(main: Path, command: list[str]) -> int:
    """``command`` (a module of this package) in a child process: its peak RSS in MB."""
    # the child finds this package wherever the build runs (a project's root is elsewhere)
    path = [str(PACKAGE_PARENT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=COMPILE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TypstError(
            f"{main}: typst took longer than {COMPILE_TIMEOUT} s and was stopped"
        ) from None
    return compile_outcome(main, done.returncode, done.stdout, done.stderr)


def compile_outcome(main: Path, status: int, stdout: str, stderr: str) -> int:
    """The child's peak RSS in MB, or a :class:`TypstError`: typst's diagnostic when it
    refused the volume, one located line when the child failed or was killed."""
    if status == 0:
        return round(int(stdout.split()[-1]) / 1024)
    if status == REFUSED:
        raise TypstError(f"typst refused {main.name}:\n{stderr.strip()}")
    if status < 0:
        raise TypstError(f"{main}: typst was killed by {signal.Signals(-status).name}")
    last = stderr.strip().splitlines()[-1:] or ["no message"]
    raise TypstError(f"{main}: typst exited with status {status}: {last[0]}")
