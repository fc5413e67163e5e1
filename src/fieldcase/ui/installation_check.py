"""Qt's part of `fieldcase selfcheck`: the platform, image-format and print-support plugins load
and text renders (a bundle missing a plugin fails here, not in front of a caseworker)."""

from __future__ import annotations

import os


def qt_checks() -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImageReader
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication, QLabel

    _app = QApplication.instance() or QApplication(
        ["fieldcase-selfcheck"]
    )  # kept alive while the label is drawn
    label = QLabel("fieldcase · José Núñez")
    label.resize(240, 40)
    image = label.grab().toImage()
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    result = {
        "qt_platform": QApplication.platformName(),  # static: instance() is typed a QCoreApplication
        "qt_render": not image.isNull() and image.width() == 240,
        "image_formats": all(f in formats for f in ("png", "jpeg")),
        "print_support": QPrinter().pageLayout().pageSize().isValid(),
    }
    label.deleteLater()
    return result
