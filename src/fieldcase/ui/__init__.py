"""The PySide6 desktop app: the only package that imports Qt."""

import PySide6.QtCore  # noqa: F401 - loaded first so that the check below can be put in place

from fieldcase.ui import pyside_import_check

# before the app's own modules are imported: PySide looks at each one (see the module)
pyside_import_check.install()
