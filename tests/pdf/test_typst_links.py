"""Label links in the typst PDF (``build_tools.typst.links``): the template writes them as
``shadow-xref:`` URIs (one layout pass instead of two, issue 18) and the compile points each
at its target's page, as typst's own label link would; a target the PDF does not locate
stops the volume with one located line."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest

from build_tools.typst.render import (
    TypstError,
    VolumeMeta,
    compile_pdf,
    write_main,
    write_shared,
)

pytest.importorskip("typst")

META = VolumeMeta(
    title="A volume",
    subtitle="",
    short_title="A volume",
    collection="Reports",
    language="en",
    authors=("Someone",),
    description="A volume",
    watermark="",
    cover=(),
    imprint=(),
    words={"p.": "p."},
)
BODY = """= First chapter
See #link(<far>)[the target] and #link("https://example.org")[a site].

= Second chapter
Some text.

#metadata(none)#label("far");Target words here.
"""


def page_texts(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True)
    return text.stdout.decode().split("\f")


def volume(folder: Path, body: str) -> Path:
    write_shared(folder)
    main = write_main(folder, "volume", body, META)
    pdf = folder / "volume.pdf"
    compile_pdf(main, pdf, folder, 315532800)
    return pdf


def test_a_label_link_goes_to_its_targets_page_with_its_printed_number(tmp_path):
    pdf = volume(tmp_path, BODY)
    texts = page_texts(pdf)
    with pikepdf.open(pdf) as doc:
        assert "/EmbeddedFiles" not in doc.Root.get("/Names", {})  # the anchors are gone
        links = [(n, a) for n, p in enumerate(doc.pages) for a in p.obj.get("/Annots", [])]
        uris = [str(a.A.URI) for _, a in links if "/A" in a]
        assert uris == ["https://example.org"]  # no shadow-xref: left
        origin = next(n for n, text in enumerate(texts) if "See the target" in text)
        (link,) = [a for n, a in links if n == origin and "/Dest" in a]
        dest = link.Dest
        target = next(n for n, p in enumerate(doc.pages) if p.obj.objgen == dest[0].objgen)
        assert "Target words" in texts[target] and target != origin
        assert dest[1] == pikepdf.Name.XYZ
        # the printed number: the contents page is 1 (cover and imprint come before it)
        assert str(link.Contents) == f"p. {target - 1}"
        assert "/StructParent" in link  # still in the structure tree
    assert volume(tmp_path, BODY).read_bytes() == pdf.read_bytes()  # reproducible


def test_a_link_the_pdf_cannot_place_stops_the_volume_in_one_line(tmp_path):
    # a PDF whose anchors lack the link's target (the template always lists them)
    main = tmp_path / "volume.typ"
    main.write_text(
        '#set text(lang: "en")\n#set document(title: [A volume])\n'
        '#link("shadow-xref:nowhere")[Lost]\n'
        '#pdf.attach("shadow-anchors.json", bytes("{\\"page-word\\": \\"p.\\", '
        '\\"anchors\\": []}"), mime-type: "application/json", description: "anchors")\n',
        encoding="utf-8",
    )
    pdf = tmp_path / "volume.pdf"
    with pytest.raises(TypstError) as refused:
        compile_pdf(main, pdf, tmp_path, 315532800)
    assert str(refused.value) == (
        "typst refused volume.typ:\n"
        "volume.pdf: a link to 'nowhere', a label the volume does not hold"
    )
    assert not pdf.exists()
