"""The configuration values this extension adds to ``conf.py``, declared once."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from build_tools.model.errors import ModelError
from build_tools.model.report import (
    check_language,
    known_country_codes,  # noqa: F401 (warms the cache)
)
from build_tools.pipeline.project import setting_line


def validate(app: Sphinx, config: Config) -> None:
    languages = list(config.shadow_languages)
    conf_py = Path(app.confdir) / "conf.py"
    where = f"{conf_py}:{setting_line(conf_py, 'shadow_languages')}"
    if not languages:
        raise ConfigError(
            f"{where}: shadow_languages is empty; list at least the source language, e.g. ['en']"
        )
    for language in languages:
        try:
            check_language(language)
        except ModelError as error:
            raise ConfigError(f"{where}: shadow_languages: {error}") from None
    if (config.language or "en") not in languages:
        raise ConfigError(
            f"language '{config.language}' is not one of shadow_languages ({', '.join(languages)})"
        )
    only = {r.strip() for r in (config.shadow_pdf_reports or "").split(",") if r.strip()}
    valid = set(config.shadow_reports) | {config.shadow_collection_name}
    unknown = sorted(only - valid)
    if unknown:
        raise ConfigError(
            f"unknown report(s) {', '.join(unknown)} in shadow_pdf_reports; "
            f"valid: {', '.join(sorted(valid))}"
        )


def setup_config(app: Sphinx) -> None:
    # every language the site is published in; the first is the source language
    app.add_config_value("shadow_languages", ["en"], "env", types=[list, tuple])
    # the report folders under the source directory, in collection order
    app.add_config_value("shadow_reports", [], "env", types=[list, tuple])
    # file name (without extension) of the whole-collection PDF and EPUB
    app.add_config_value("shadow_collection_name", "shadow-reports", "env", types=[str])
    app.connect("config-inited", validate, priority=400)
