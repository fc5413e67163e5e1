"""Entry point of the bundled desktop app (PyInstaller runs this file as __main__)."""

import sys

from fieldcase.cli import main

if __name__ == "__main__":
    sys.exit(main())
