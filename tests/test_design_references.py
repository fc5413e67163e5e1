"""Every design document the code, tests and docs refer to is in this repository (docs/design/).

The design used to live beside the checkout, so a clone held ~100 references ("sync.md P1",
security.md "Leaks") to files it did not contain. This test fails when a file names a `.md` that
does not exist here, points outside the repository for the design, or quotes a section or phrase of
a design document that the document no longer has (a heading renamed, a promise dropped).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DESIGN = ROOT / "docs" / "design"
DESIGN_DOCS = ("architecture", "domain", "security", "style", "sync")
#: where references are looked for: the code, its tests, scripts, docs and packaging
SEARCHED = (
    "src/fieldcase",
    "tests",
    "scripts",
    "bench",
    "installer",
    "migrations",
    "docs",
    ".ci",
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
)
SUFFIXES = {".py", ".md", ".txt", ".toml", ".spec", ".sh", ".iss", ""}

_MD = re.compile(r"(?<![\w.-])((?:[\w.-]+/)*[\w-]+\.md)\b")
#: `sync.md "Wire protocol"`, `security.md, "Opening"`, `domain.md: "Rules are data-driven"`, `sync.md says "…"`
_QUOTED = re.compile(
    r"\b(" + "|".join(DESIGN_DOCS) + r")\.md(?:,|:)?(?: says)? [\"“]([^\"”\n]{3,})"
)


def _files() -> list[Path]:
    found: list[Path] = []
    for name in SEARCHED:
        path = ROOT / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                if (
                    file.is_file()
                    and file.suffix in SUFFIXES
                    and "__pycache__" not in file.parts
                    and not file.is_symlink()
                ):
                    found.append(file)
    return found


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def _plain(text: str) -> str:
    """Lower case, markdown emphasis and code marks dropped, whitespace collapsed."""
    return " ".join(re.sub(r"[*`]", "", text).lower().split())


def _resolves(ref: str, where: Path) -> bool:
    name = ref.split("/")[-1]
    if ref.split("/")[0] == "..":
        return False  # outside the repository
    if name.removesuffix(".md") in DESIGN_DOCS:
        return (DESIGN / name).is_file()
    candidates = [ROOT / ref, where.parent / ref, ROOT / "docs" / ref]
    return any(c.is_file() for c in candidates)


def test_the_design_documents_are_in_the_repository():
    for name in DESIGN_DOCS:
        assert (DESIGN / f"{name}.md").is_file(), f"docs/design/{name}.md is missing"


def test_no_reference_points_outside_the_repository():
    outside = "shared" + "/design"  # not spelled in one piece, so this file does not match itself
    bad = [str(p.relative_to(ROOT)) for p in _files() if outside in _text(p)]
    assert not bad, f"design referenced outside the repository in {bad}"


def test_every_markdown_reference_resolves():
    missing = []
    for path in _files():
        for ref in _MD.findall(_text(path)):
            if not _resolves(ref, path):
                missing.append(f"{path.relative_to(ROOT)}: {ref}")
    assert not missing, "references to documents this repository lacks:\n" + "\n".join(missing)


def test_quoted_sections_and_phrases_exist_in_the_design():
    docs = {
        name: _plain((DESIGN / f"{name}.md").read_text(encoding="utf-8")) for name in DESIGN_DOCS
    }
    missing = []
    for path in _files():
        if path.is_relative_to(DESIGN):
            continue
        for doc, quoted in _QUOTED.findall(_text(path)):
            phrase = _plain(quoted.rstrip(".,;:"))
            if phrase and phrase not in docs[doc]:
                missing.append(f'{path.relative_to(ROOT)}: {doc}.md "{quoted}"')
    assert not missing, "quoted parts of the design that it does not contain:\n" + "\n".join(
        missing
    )


def test_each_promise_is_described():
    sync = (DESIGN / "sync.md").read_text(encoding="utf-8")
    for n in range(1, 9):
        assert re.search(rf"^\| P{n} \|", sync, re.MULTILINE), f"sync.md does not describe P{n}"
