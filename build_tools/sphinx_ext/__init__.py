"""The Sphinx extension: an adapter between MyST pages and the shadow-report model.

Each feature lives in its own module with a ``setup_<feature>(app)``; this function only
calls them.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from build_tools import __version__
from build_tools.sphinx_ext.assessments import setup_assessments
from build_tools.sphinx_ext.bibliography import setup_bibliography
from build_tools.sphinx_ext.charts import setup_charts
from build_tools.sphinx_ext.collection import setup_collection
from build_tools.sphinx_ext.config import setup_config
from build_tools.sphinx_ext.convention_reference import setup_convention_reference
from build_tools.sphinx_ext.data_pages import setup_data_pages
from build_tools.sphinx_ext.domain import ShadowDomain
from build_tools.sphinx_ext.editions import setup_editions
from build_tools.sphinx_ext.epub import setup_epub
from build_tools.sphinx_ext.fallback_language import setup_fallback_language
from build_tools.sphinx_ext.html_page import setup_html_page
from build_tools.sphinx_ext.i18n import setup_i18n
from build_tools.sphinx_ext.latex import setup_latex
from build_tools.sphinx_ext.laws import setup_laws
from build_tools.sphinx_ext.matrix import setup_matrix
from build_tools.sphinx_ext.open_data import setup_open_data
from build_tools.sphinx_ext.paths import setup_paths
from build_tools.sphinx_ext.progress import setup_progress
from build_tools.sphinx_ext.recommendation_lists import setup_recommendation_lists
from build_tools.sphinx_ext.report_metadata import setup_report_metadata
from build_tools.sphinx_ext.safety import setup_safety
from build_tools.sphinx_ext.shared_read import setup_shared_read
from build_tools.sphinx_ext.sources import setup_sources
from build_tools.sphinx_ext.summary import setup_summary
from build_tools.sphinx_ext.translated_nodes import setup_translated_nodes
from build_tools.sphinx_ext.translation_gate import setup_translation_gate
from build_tools.sphinx_ext.translation_status import setup_translation_status
from build_tools.sphinx_ext.upstream_costs import install as remove_upstream_costs
from build_tools.sphinx_ext.web_home import setup_web_home
from build_tools.sphinx_ext.web_tables import setup_web_tables

#: bump when the data this extension stores in the environment changes shape
#: 4: findings as prose, law eli and replaced-by, as-of; 5: the web pages' data;
#: 6: the collection holds the previous editions
ENV_VERSION = 6


def setup(app: Sphinx) -> dict[str, Any]:
    remove_upstream_costs()
    setup_config(app)
    setup_translation_gate(app)
    setup_i18n(app)
    setup_safety(app)
    setup_paths(app)
    setup_sources(app)
    app.add_domain(ShadowDomain)
    setup_report_metadata(app)
    setup_laws(app)
    setup_bibliography(app)
    setup_assessments(app)
    setup_collection(app)
    setup_data_pages(app)
    setup_convention_reference(app)
    setup_summary(app)
    setup_recommendation_lists(app)
    setup_matrix(app)
    setup_editions(app)
    setup_charts(app)
    setup_open_data(app)
    setup_html_page(app)
    setup_web_tables(app)
    setup_web_home(app)
    setup_latex(app)
    setup_epub(app)
    setup_translation_status(app)
    setup_fallback_language(app)
    setup_translated_nodes(app)
    setup_progress(app)
    setup_shared_read(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
