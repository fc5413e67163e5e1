import subprocess
import sys

from fieldcase import __version__


def test_version_is_printed():
    done = subprocess.run(
        [sys.executable, "-m", "fieldcase", "--version"],
        capture_output=True,
        check=False,
        text=True,
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"fieldcase {__version__}"


def test_bundled_migrations_and_resources_are_found_through_the_package():
    from fieldcase.bundled import migrations_path, resource

    assert resource("README.md").is_file()
    with migrations_path("local") as path:
        assert path.is_dir()
    with migrations_path("server") as path:
        assert path.is_dir()


def test_the_program_refuses_to_start_on_a_library_that_is_not_sqlcipher_4(monkeypatch, capsys):
    from fieldcase import cli
    from fieldcase.store import capabilities

    monkeypatch.setattr(capabilities, "sqlcipher_version", lambda: "3.4.2 community")
    assert cli.main(["selfcheck"]) == 2
    assert "SQLCipher 4" in capsys.readouterr().err


def test_selfcheck_reports_a_complete_installation(capsys):
    from fieldcase import cli

    assert cli.main(["selfcheck"]) == 0
    import json

    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["migrations_found"] and report["pdf_fonts_embedded"]
