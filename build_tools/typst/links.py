"""Links to places in a volume, pointed at their page after typst wrote the PDF.

typst resolves a link to a label only from its second layout pass (the first has no
labels yet), so every paragraph and table cell that holds one is laid out twice, and the
wheel keeps both layouts until the process ends: in the English collection (2,487 such
links) that was nearly a third of the compile's peak memory and of its time (issue 18). The
template (``data/typst/shadow.typ``) therefore writes each label link as a link to the URI
``shadow-xref:<label>`` (no introspection, one layout) and attaches to the PDF where each
link's target is (``shadow-anchors.json``: physical page, x and y from the top left, and
the page's printed number). :func:`resolve` turns each such URI into the destination
typst itself writes for a label link (``/XYZ`` 10 pt above the element; ``/Contents`` the
volume's word for a page and the printed number, "p. 13") and removes the attachment. The
link annotations stay where they are in the structure tree (PDF/UA).

A PDF without the attachment (not made with the template) is left as it is. Run as
``python -m build_tools.typst.links PDF`` (:func:`.render.compile_pdf` does, after the
compiler's child, which keeps typst's memory to its end): exit 0 with the peak RSS (kB) on
stdout, or the compiler's :data:`.compiler.REFUSED` with the located message on stderr.
"""

from __future__ import annotations

import json
import resource
import sys
from decimal import Decimal
from pathlib import Path

import pikepdf

from build_tools.typst.compiler import REFUSED

SCHEME = "shadow-xref:"
ANCHORS = "shadow-anchors.json"
ABOVE = Decimal(10)  # pt: typst's own label links open 10 pt above the element


class LinkError(Exception):
    """A link to a label the volume does not hold."""


def resolve(pdf_path: Path) -> int:
    """Point every ``shadow-xref:`` link of ``pdf_path`` at its place; returns how many.
    Written in place, with a deterministic ``/ID`` (the same volume, the same bytes)."""
    with pikepdf.open(pdf_path, allow_overwriting_input=True) as pdf:
        if ANCHORS not in pdf.attachments:
            return 0
        data = json.loads(pdf.attachments[ANCHORS].get_file().read_bytes())
        del pdf.attachments[ANCHORS]
        places: dict[str, tuple[int, float, float, int]] = {}
        for name, page, x, y, shown in data["anchors"]:
            places.setdefault(name, (page, x, y, shown))
        word = data["page-word"]
        done = 0
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                uri = action.get("/URI") if action is not None else None
                if uri is None or not str(uri).startswith(SCHEME):
                    continue
                name = str(uri)[len(SCHEME) :]
                if name not in places:
                    raise LinkError(
                        f"{pdf_path.name}: a link to {name!r}, a label the volume does not hold"
                    )
                number, x, y, shown = places[name]
                target = pdf.pages[number - 1]
                box = target.mediabox
                top = Decimal(str(box[3])) - Decimal(str(round(y, 5))) + ABOVE
                annot.Dest = pikepdf.Array(
                    [target.obj, pikepdf.Name.XYZ, Decimal(str(round(x, 5))), top, 0]
                )
                del annot["/A"]
                annot.Contents = pikepdf.String(f"{word} {shown}")
                done += 1
        names = pdf.Root.get("/Names")
        if names is not None and "/EmbeddedFiles" in names and not pdf.attachments:
            del names["/EmbeddedFiles"]
            if not names.keys():
                del pdf.Root["/Names"]
        # object streams: the same objects in under half the bytes (typst writes none)
        pdf.save(
            pdf_path,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
    return done


def main(argv: list[str]) -> int:
    (pdf,) = argv
    try:
        resolve(Path(pdf))
    except LinkError as error:
        sys.stderr.write(str(error))
        return REFUSED
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
