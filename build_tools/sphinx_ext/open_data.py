"""The collected data, published for reuse: per language, ``assessments.json`` (schema in
``build_tools/data/schemas/``), ``recommendations.csv`` and ``matrix.csv``.

Written by the HTML build into ``_data/`` of its output (so the site offers them for
download); the pipeline publishes that folder as ``_build/data/<lang>/``. Deterministic:
sorted, no timestamps. The records are the collection's
(:meth:`~build_tools.model.collection.Collection.open_data`); this module adds the words
of the build's language, the absolute addresses of the pages (from ``shadow_base_url``), the
licence (``shadow_licence``) and the envelope. What is written is validated against the
schema published beside it (``$schema`` names its address), in every HTML build: a record
that does not match is a warning at the output file and the record's JSON path.

Every record and every CSV row names its language and its report's status, so a sample
rating copied out of the file still says it is illustrative.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from weakref import WeakKeyDictionary

import jsonschema
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from build_tools import __version__
from build_tools.model.assessment import Addressee, Priority
from build_tools.model.edition import Change
from build_tools.model.rating import Rating
from build_tools.outputs import OPEN_DATA_DIR
from build_tools.sphinx_ext.assessments import addressee_label, priority_label
from build_tools.sphinx_ext.collection import collection_of
from build_tools.sphinx_ext.data_pages import DataDirective, Page, add_placeholder, data_placeholder
from build_tools.sphinx_ext.editions import change_label
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.ratings import rating_label
from build_tools.sphinx_ext.references import subject_label
from build_tools.sphinx_ext.tables import table
from build_tools.sphinx_ext.warnings import warn

SCHEMA_VERSION = "1.2"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "schemas" / "assessments-1.2.json"
#: the schema's name where it is published, beside the data, in every language's site
SCHEMA_NAME = "assessments-1.2.schema.json"
DATA_DIR = OPEN_DATA_DIR


def base_url(config: Config) -> str:
    """The address of this language's site: ``html_baseurl`` when conf.py sets it (Sphinx's
    meaning: this build's root), else ``shadow_base_url`` (the collection, with one folder
    per language below it) and the language."""
    if config.html_baseurl:
        return config.html_baseurl.rstrip("/") + "/"
    return f"{config.shadow_base_url.rstrip('/')}/{config.language or 'en'}/"


def schema_url(config: Config) -> str:
    """Where the schema is published: in the source language's site, one address for every
    language's data (the schema has no words of its own)."""
    source = config.shadow_languages[0] if config.shadow_languages else "en"
    return f"{config.shadow_base_url.rstrip('/')}/{source}/{DATA_DIR}/{SCHEMA_NAME}"


def check_open_data_config(app: Sphinx, config: Config) -> None:
    """``shadow_base_url`` an https:// address; ``shadow_licence`` a name and a URL."""
    url = config.shadow_base_url
    if (
        not isinstance(url, str)
        or urlsplit(url).scheme not in ("https", "http")
        or not urlsplit(url).netloc
    ):
        raise ConfigError(
            f"shadow_base_url is {url!r}; give the address the collection is published at, "
            "e.g. 'https://example.org/shadow-reports/'"
        )
    licence = config.shadow_licence
    if (
        not isinstance(licence, dict)
        or set(licence) != {"name", "url"}
        or not all(isinstance(v, str) and v.strip() for v in licence.values())
        or not str(licence["url"]).startswith(("https://", "http://"))
    ):
        raise ConfigError(
            f"shadow_licence is {licence!r}; give its name and address, e.g. "
            '{"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}'
        )


class Labels:
    """The open data's words, from the interface catalogue of the build's language."""

    def rating(self, rating: Rating) -> str:
        return rating_label(rating)

    def addressee(self, addressee: Addressee) -> str:
        return addressee_label(addressee)

    def priority(self, priority: Priority) -> str:
        return priority_label(priority)

    def subject(self, article: int) -> str:
        return subject_label(article)

    def change(self, change: Change) -> str:
        return change_label(change)


def collect(app: Sphinx) -> dict[str, Any]:
    """The whole data set in the build's language, as plain JSON-ready values."""
    language = app.config.language or "en"
    builder = app.builder
    root = base_url(app.config)

    def url(docname: str, anchor: str) -> str:
        return f"{root}{builder.get_target_uri(docname)}#{anchor}"

    return {
        "$schema": schema_url(app.config),
        "schema_version": SCHEMA_VERSION,
        "language": language,
        "generator": f"build_tools {__version__}",
        "licence": dict(app.config.shadow_licence),
        **collection_of(app.env).open_data(language, Labels(), url),
    }


def published_schema(address: str) -> str:
    """The schema file as published: its ``$id`` is the address it is published at."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema["$id"] = address
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(inline_definitions(schema), format_checker=cls.FORMAT_CHECKER)


def inline_definitions(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with each ``{"$ref": "#/$defs/name"}`` (beside at most a description)
    replaced by the definition itself: the same rules and messages, and a third less time
    for jsonschema, which resolves a reference again for every record it checks."""
    definitions = schema.get("$defs", {})

    def inline(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [inline(item, seen) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        name = ref.removeprefix("#/$defs/") if isinstance(ref, str) else ""
        if set(node) <= {"$ref", "description"} and name in definitions and name not in seen:
            return inline(definitions[name], (*seen, name))  # a description checks nothing
        return {key: inline(value, seen) for key, value in node.items()}

    return inline(schema, ())


def schema_errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(JSON path, what is wrong) for every part of ``data`` the schema refuses, in order."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    return [(error.json_path, error.message) for error in errors]


_VALID: set[str] = set()  # digests of assessments.json texts the schema accepted


def _schema_errors_once(text: str) -> list[tuple[str, str]]:
    """:func:`schema_errors` of a text, skipped for a text this process already found
    valid: an incremental rebuild (``make preview``) that leaves the records as they were
    does not validate them again."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest in _VALID:
        return []
    errors = schema_errors(json.loads(text))
    if not errors:
        _VALID.add(digest)
    return errors


#: Excel reads a CSV file without a byte-order mark in the computer's legacy code page
#: (Windows-1252 in western Europe): "Ley Orgánica" would open as "Ley OrgÃ¡nica". With the
#: UTF-8 BOM it, LibreOffice and Python's csv (encoding="utf-8-sig") read UTF-8. RFC 4180
#: line ends (CRLF) and quoting of every field that holds a comma, a quote or a line break.
CSV_ENCODING = "utf-8-sig"


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def recommendations_csv(data: dict[str, Any]) -> str:
    """One row per recommendation: codes with their labels, the article's subject."""
    countries = {r["id"]: (r["country"], r.get("country_name", "")) for r in data["reports"]}
    header = [
        "id", "report", "country", "country_name", "article", "subject",
        "addressee", "addressee_label", "priority", "priority_label", "text",
        "report_status", "language", "url",
    ]  # fmt: skip
    rows = [
        [
            rec["id"],
            rec["report"],
            *countries.get(rec["report"], ("", "")),
            rec["article"],
            rec["subject"],
            rec["addressee"]["code"],
            rec["addressee"]["label"],
            rec["priority"]["code"],
            rec["priority"]["label"],
            rec["text"],
            rec["report_status"],
            rec["language"],
            rec["url"],
        ]
        for rec in data["recommendations"]
    ]
    return _csv(header, rows)


def assessments_matrix_csv(data: dict[str, Any]) -> str:
    """One row per assessment: report x article, both ratings as code and label."""
    countries = {r["id"]: (r["country"], r.get("country_name", "")) for r in data["reports"]}
    header = [
        "report", "country", "country_name", "article", "part", "subject",
        "in_law", "in_law_label", "in_practice", "in_practice_label",
        "previous_in_law", "previous_in_practice", "change", "change_label",
        "report_status", "language", "url",
    ]  # fmt: skip
    rows = [
        [
            a["report"],
            *countries.get(a["report"], ("", "")),
            a["article"],
            a["part"],
            a["subject"],
            a["in_law"]["code"],
            a["in_law"]["label"],
            a["in_practice"]["code"],
            a["in_practice"]["label"],
            # empty: no previous edition, or it did not rate the article
            (a["previous_ratings"] or {}).get("in_law", {}).get("code", ""),
            (a["previous_ratings"] or {}).get("in_practice", {}).get("code", ""),
            (a["change"] or {}).get("code", ""),
            (a["change"] or {}).get("label", ""),
            a["report_status"],
            a["language"],
            a["url"],
        ]
        for a in data["assessments"]
    ]
    return _csv(header, rows)


def open_data_files(app: Sphinx) -> dict[str, tuple[str, str]]:
    """file name -> (text, encoding) of what the HTML build publishes in ``_data/``."""
    data = collect(app)
    return {
        "assessments.json": (json.dumps(data, ensure_ascii=False, indent=2) + "\n", "utf-8"),
        "recommendations.csv": (recommendations_csv(data), CSV_ENCODING),
        "matrix.csv": (assessments_matrix_csv(data), CSV_ENCODING),
        SCHEMA_NAME: (published_schema(schema_url(app.config)), "utf-8"),
    }


#: per application, the collection whose open data it last wrote, valid: a build that kept
#: it (an edit of prose in the preview, see collection.py) has nothing new to write
_written: WeakKeyDictionary[Sphinx, Any] = WeakKeyDictionary()


def write_open_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    folder = Path(app.outdir) / DATA_DIR
    collection = collection_of(app.env)
    if _written.get(app) is collection and (folder / "assessments.json").is_file():
        return
    files = open_data_files(app)
    errors = _schema_errors_once(files["assessments.json"][0])
    for json_path, message in errors:
        warn(
            "open-data",
            str(folder / "assessments.json"),
            "open data: %s does not match %s: %s",
            json_path,
            SCHEMA_FILE.name,
            message,
        )
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("assessments*.schema.json"):
        if stale.name not in files:
            stale.unlink()
    for name, (text, encoding) in files.items():
        target = folder / name
        payload = text.encode(encoding)
        if not target.exists() or target.read_bytes() != payload:
            target.write_bytes(payload)
    if not errors:  # else the next build warns again
        _written[app] = collection


# --- the data page: which files, their fields, the licence ----------------------------------
class open_data_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the list of open-data files, their fields and the licence."""


class OpenDataDirective(DataDirective):
    """``{open-data}``: the files the site publishes, each field of the JSON records (from
    the schema's own descriptions, so the page cannot drift from the data) and the licence."""

    placeholder = open_data_placeholder


FILES = (
    ("assessments.json", "JSON"),
    ("matrix.csv", "CSV"),
    ("recommendations.csv", "CSV"),
    (SCHEMA_NAME, "JSON Schema"),
)


def _file_descriptions() -> dict[str, str]:
    return {
        "assessments.json": _(
            "Reports, laws, assessments and recommendations, with the texts the pages show"
        ),
        "matrix.csv": _(
            "One row per assessment: report, article, subject, both ratings, the previous "
            "edition's and the change"
        ),
        "recommendations.csv": _("One row per recommendation: addressee, priority, text"),
        SCHEMA_NAME: _("The structure of assessments.json, for validation"),
    }


def _schema_fields() -> list[tuple[str, str, str]]:
    """(record, field, description) for every described field of the schema."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    rows = []
    for record in ("reports", "laws", "assessments", "recommendations"):
        properties = schema["properties"][record]["items"]["properties"]
        for name, spec in properties.items():
            rows.append((record, name, spec.get("description", "")))
    return rows


def resolve_open_data(page: Page, node: open_data_placeholder) -> list[nodes.Node]:
    config = page.env.config
    root = base_url(config)
    # the site only: an EPUB (whose format is "html" too) and the single page behind Word
    # and PDF carry no _data/ folder
    html = page.builder.name in ("html", "dirhtml")
    descriptions = _file_descriptions()
    rows = []
    for name, kind in FILES:
        # HTML: beside the page (the data page sits at the root of the site); elsewhere
        # the published address, as a printed page cannot link to a relative file
        up = "../" * page.docname.count("/")
        address = f"{up}{DATA_DIR}/{name}" if html else f"{root}{DATA_DIR}/{name}"
        rows.append([nodes.reference(name, name, refuri=address), kind, descriptions[name]])
    files = table([_("File"), _("Format"), _("Contents")], rows, widths=[30, 15, 55])
    fields = table(
        [_("Records"), _("Field"), _("Meaning")],
        [[record, nodes.literal(name, name), text] for record, name, text in _schema_fields()],
        widths=[18, 22, 60],
        long=True,
    )
    licence = config.shadow_licence
    note = nodes.paragraph()
    note += nodes.Text(_("Licence:") + " ")
    note += nodes.reference(licence["name"], licence["name"], refuri=licence["url"])
    return [files, note, fields]


def setup_open_data(app: Sphinx) -> None:
    # the collection's address, one folder per language below it (the published site)
    app.add_config_value(
        "shadow_base_url", "https://example.org/shadow-reports/", "env", types=[str]
    )
    app.add_config_value(
        "shadow_licence",
        {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        "env",
        types=[dict],
    )
    app.connect("config-inited", check_open_data_config)
    app.add_directive("open-data", OpenDataDirective)
    add_placeholder(app, open_data_placeholder, resolve_open_data, searchable=False)
    app.connect("build-finished", write_open_data)
