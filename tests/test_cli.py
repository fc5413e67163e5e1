import subprocess
import sys

from fieldcase import __version__


def test_version_is_printed():
    done = subprocess.run([sys.executable, "-m", "fieldcase", "--version"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.strip() == f"fieldcase {__version__}"


def test_bundled_migrations_and_resources_are_found_through_the_package():
    from fieldcase.bundled import migrations_path, resource

    assert resource("README.md").is_file()
    with migrations_path("local") as path:
        assert path.is_dir()
    with migrations_path("server") as path:
        assert path.is_dir()
