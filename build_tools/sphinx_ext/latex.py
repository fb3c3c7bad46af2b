"""PDF through Sphinx's LaTeX builder and XeLaTeX: one volume per report plus the whole
collection, A4, embedded OpenType fonts, per-language hyphenation (polyglossia), PDF
language and metadata, and the title page made from the report's metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join

from build_tools.model.report import ReportId
from build_tools.sphinx_ext.ratings import rating_latex

TEXINPUTS = Path(__file__).parent / "texinputs"

# TeX Gyre (Latin Modern's URW-based cousins) covers every Latin-script language of the
# corpus, Estonian and Catalan included; loaded by file name so no fontconfig set-up is needed.
FONTS = r"""
\setmainfont{texgyrepagella}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic]
\setsansfont{texgyreheros}[Extension=.otf, UprightFont=*-regular, BoldFont=*-bold,
  ItalicFont=*-italic, BoldItalicFont=*-bolditalic, Scale=MatchLowercase]
\setmonofont{DejaVuSansMono}[Extension=.ttf, UprightFont=*, BoldFont=*-Bold,
  ItalicFont=*-Oblique, BoldItalicFont=*-BoldOblique, Scale=MatchLowercase]
"""


def latex_documents_for(config: Config) -> list[tuple[str, str, str, str, str, bool]]:
    """One volume per report, then the whole collection. Titles and authors are
    placeholders: the title page takes the (translated) ones from the report metadata."""
    only = {r.strip() for r in (config.shadow_pdf_reports or "").split(",") if r.strip()}
    author = config.author
    volumes = [
        (ReportId.named(report).root, f"{report}.tex", report, author, "manual", True)
        for report in config.shadow_reports
        if not only or report in only
    ]
    if not only or config.shadow_collection_name in only:
        volumes.append(
            (
                config.root_doc,
                f"{config.shadow_collection_name}.tex",
                config.project,
                author,
                "manual",
                True,
            )
        )
    return volumes


def configure_latex(app: Sphinx, config: Config) -> None:
    """Fill the LaTeX settings the project does not set itself."""
    # The volumes follow shadow_reports (narrowed by REPORTS=): one list to keep up to date.
    config.latex_documents = latex_documents_for(config)
    elements = dict(config.latex_elements)
    elements.setdefault("papersize", "a4paper")
    elements.setdefault("pointsize", "11pt")
    if config.latex_engine in ("xelatex", "lualatex"):  # OpenType fonts need fontspec
        elements.setdefault("fontpkg", FONTS)
    elements.setdefault("fncychap", "")
    # a chart stays where the author put it, before its data table and the text about it
    elements.setdefault("figure_align", "H")
    # read on screen more than printed: no blank pages before chapters
    elements.setdefault("classoptions", ",openany,oneside")
    language = config.language or "en"
    elements["preamble"] = (
        elements.get("preamble", "")
        + "\n\\usepackage{shadowreport}\n"
        + rating_latex()
        + f"\\hypersetup{{pdflang={{{language}}}, bookmarksopen=true}}\n"
    )
    config.latex_elements = elements
    extra = list(config.latex_additional_files)
    sty = str(TEXINPUTS / "shadowreport.sty")
    if sty not in extra:
        config.latex_additional_files = [*extra, sty]


class PagesInOtherVolumes(SphinxPostTransform):
    """A {doc} link to a page of another volume (a report's annex pointing to the
    collection's glossary) cannot be a hyperlink in this PDF; Sphinx would then print the
    raw target ("../glossary"). Print the page's title instead, in italics, as books do."""

    builders = ("latex",)
    default_priority = 5  # before Sphinx's ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        # the volume's pages, read off the assembled tree: its root, and every page Sphinx
        # inlined into it (each one wrapped in a start_of_file node)
        in_volume = {self.document.get("docname", "")}
        in_volume.update(n["docname"] for n in self.document.findall(addnodes.start_of_file))
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("refdomain") != "std" or node.get("reftype") != "doc":
                continue
            target = docname_join(node.get("refdoc", ""), node["reftarget"])
            if target not in self.env.all_docs or target in in_volume:
                continue
            title = node.astext() if node.get("refexplicit") else ""
            if not title and target in self.env.titles:
                title = self.env.titles[target].astext()
            node.replace_self(nodes.emphasis(title or target, title or target))


def setup_latex(app: Sphinx) -> None:
    app.add_config_value("shadow_pdf_reports", "", "env", types=[str])
    app.add_post_transform(PagesInOtherVolumes)
    app.connect("config-inited", configure_latex, priority=600)
