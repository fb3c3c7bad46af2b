"""Checks on a Word file before anything reads it, and a clean copy for pandoc.

A ``.docx`` is a zip archive. We refuse, with a message naming the file and the reason:
anything that is not a zip (a text file renamed ``.docx``), a corrupt or truncated zip, an
OLE compound file (a password-protected ``.docx``, or an old binary ``.doc``), a zip that
is not a Word document (no ``[Content_Types].xml`` or ``word/document.xml``), encrypted
members, member names that would escape the folder they are unpacked into (``..``,
absolute paths, drive letters, backslashes), and archives that would expand beyond a size
limit (a "zip bomb").

pandoc reads the archive itself, and its reader does not promise to stop at the sizes the
archive declares: so we read every member through Python's ``zipfile`` (which never yields
more bytes than declared and checks each CRC) and give pandoc a fresh copy of what we read.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from build_tools.word.pandoc import InputError

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # inside a protected .docx
REQUIRED_MEMBERS = ("[Content_Types].xml", "word/document.xml")
WORD_CONTENT_TYPE = "wordprocessingml.document.main+xml"


@dataclass(frozen=True)
class Limits:
    """How big a Word file may get when unpacked."""

    total_bytes: int = 200 * 1024 * 1024  # every member, uncompressed
    ratio: int = 100  # uncompressed / compressed, for members above ratio_floor
    ratio_floor: int = 1024 * 1024  # small members compress well and harm no one
    members: int = 10_000


class RefusedFileError(InputError):
    """The file is not one we read; the message names it and says why."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def _unsafe_name(name: str) -> bool:
    if not name or "\\" in name or "\0" in name:
        return True
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):  # /etc, C:
        return True
    return ".." in PurePosixPath(name).parts


def check_word_file(path: Path, limits: Limits | None = None) -> None:
    """Raise :class:`RefusedFileError` unless ``path`` is a plain, readable Word document."""
    limits = limits or Limits()
    if not path.is_file():
        raise RefusedFileError(path, "no such file")
    with open(path, "rb") as handle:
        head = handle.read(8)
        if head == OLE_MAGIC:
            handle.seek(0)
            if ENCRYPTED_STREAM in handle.read(4 * 1024 * 1024):
                raise RefusedFileError(
                    path,
                    "the document is password-protected (encrypted): remove the password "
                    "in Word (File > Info > Protect Document) and save it again",
                )
            raise RefusedFileError(
                path,
                "an old binary Word document (.doc) or another OLE file, not a .docx: "
                "open it in Word or LibreOffice and save it as .docx",
            )
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            raise RefusedFileError(
                path, "a corrupt or truncated Word file (its zip index is missing)"
            )
        raise RefusedFileError(
            path, "not a Word document (.docx files are zip archives; this is not)"
        )
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            _check_members(path, members, limits)
            names = {m.filename for m in members}
            missing = [name for name in REQUIRED_MEMBERS if name not in names]
            if missing:
                raise RefusedFileError(
                    path,
                    f"a zip archive but not a Word document (no {', '.join(missing)}): "
                    "is it a spreadsheet, a presentation or an OpenDocument file?",
                )
            types = archive.read("[Content_Types].xml").decode("utf-8", errors="replace")
            if WORD_CONTENT_TYPE not in types:
                raise RefusedFileError(
                    path, "a zip archive but not a Word document (content types)"
                )
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise RefusedFileError(path, f"a corrupt or truncated file ({error})") from error


def _check_members(path: Path, members: list[zipfile.ZipInfo], limits: Limits) -> None:
    if len(members) > limits.members:
        raise RefusedFileError(path, f"{len(members)} files inside: more than {limits.members}")
    total = 0
    seen: set[str] = set()
    for member in members:
        name = member.filename
        if _unsafe_name(name):
            raise RefusedFileError(
                path, f"member '{name}' would be written outside the folder it is unpacked in"
            )
        if stat.S_ISLNK(member.external_attr >> 16):
            raise RefusedFileError(path, f"member '{name}' is a symbolic link")
        if name in seen:
            raise RefusedFileError(path, f"member '{name}' is in the archive twice")
        seen.add(name)
        if member.flag_bits & 0x1:
            raise RefusedFileError(path, f"member '{name}' is encrypted (password-protected)")
        total += member.file_size
        if total > limits.total_bytes:
            raise RefusedFileError(
                path,
                f"it would expand to more than {limits.total_bytes // (1024 * 1024)} MB: "
                "refused as a possible zip bomb",
            )
        if member.file_size > limits.ratio_floor and member.file_size > limits.ratio * max(
            1, member.compress_size
        ):
            raise RefusedFileError(
                path,
                f"member '{name}' expands {member.file_size // max(1, member.compress_size)} "
                f"times (limit {limits.ratio}): refused as a possible zip bomb",
            )


def clean_copy(path: Path, target: Path, limits: Limits | None = None) -> Path:
    """Check ``path``, then write a fresh zip of what Python read from it to ``target``:
    every member within its declared size and CRC-checked."""
    limits = limits or Limits()
    check_word_file(path, limits)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
            for member in source.infolist():
                if member.is_dir():
                    continue
                with source.open(member) as handle:
                    data = handle.read(member.file_size + 1)
                if len(data) != member.file_size:
                    raise RefusedFileError(
                        path, f"member '{member.filename}' is not the declared size"
                    )
                copy.writestr(member.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise RefusedFileError(path, f"a corrupt or truncated file ({error})") from error
    return target
