"""Every error a caseworker can act on (a UserError raised with a whole sentence) reads in Spanish:
the window words it through the catalogue (ui.i18n.error_words), so a sentence missing there shows
in English in the Spanish window. Command-line messages (commands/) and the detail fragments put
inside another sentence (lower-case) are not the window's."""

from __future__ import annotations

import ast
from pathlib import Path

from fieldcase.words import load_catalogue

SRC = Path(__file__).resolve().parents[2] / "src" / "fieldcase"
WINDOW_LAYERS = ("domain", "security", "store", "sync", "services")


def _trees() -> dict[Path, ast.AST]:
    return {
        path: ast.parse(path.read_text(encoding="utf-8"))
        for layer in WINDOW_LAYERS
        for path in (SRC / layer).rglob("*.py")
    }


def _user_errors(trees: dict[Path, ast.AST]) -> set[str]:
    """UserError and the classes made from it, by name."""
    found = {"UserError"}
    grew = True
    while grew:
        grew = False
        for tree in trees.values():
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.ClassDef)
                    and node.name not in found
                    and any(
                        getattr(base, "id", getattr(base, "attr", None)) in found
                        for base in node.bases
                    )
                ):
                    found.add(node.name)
                    grew = True
    return found


def test_every_error_sentence_has_a_spanish_translation():
    trees = _trees()
    errors = _user_errors(trees)
    sentences = set()
    for path, tree in trees.items():
        if path.name == "deployment.py":
            continue  # the agency's deployment file, read by IT in English
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                name = getattr(node.func, "id", getattr(node.func, "attr", None))
                text = node.args[0].value
                if (name in errors or name == "__init__") and " " in text and text[0].isupper():
                    sentences.add(text)
    assert len(sentences) > 30
    catalogue = load_catalogue("es")
    assert sorted(s for s in sentences if s not in catalogue) == []
