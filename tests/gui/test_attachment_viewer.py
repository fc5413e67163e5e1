"""Opening attachments from a record page: photos in a zoomable viewer, PDFs as pages, text as text,
a damaged file as a clear problem with the record untouched, a copy only after a warning (and
audited), and no viewer left with anything on screen once the app locks."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from fieldcase.domain.attachments import AttachmentKind
from fieldcase.services import attachments as attachment_service
from fieldcase.ui.attachment_viewer import AttachmentViewer
from fieldcase.ui.signature import png_bytes
from helpers.gui import new_record, open_first_case, settle

SHOTS = (
    Path(os.environ.get("FIELDCASE_SCREENSHOTS", ""))
    if os.environ.get("FIELDCASE_SCREENSHOTS")
    else None
)


def png(width: int = 1600, height: int = 1000) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#f3efe6"))
    painter = QPainter(image)
    painter.fillRect(width // 8, height // 6, width // 3, height // 2, QColor("#3a6ea5"))
    painter.fillRect(width // 2, height // 3, width // 3, height // 2, QColor("#c0504d"))
    painter.end()
    return png_bytes(image)


def attach(qtbot, app, page, content: bytes, name: str, mime: str, kind=AttachmentKind.PHOTO):
    store = app.session.store
    done = []
    app.worker.run(
        lambda: attachment_service.attach_bytes(
            store, content=content, name=name, mime=mime, kind=kind
        ),
        on_done=done.append,
    )
    settle(qtbot, app, lambda: bool(done))
    before = page.attachments.count()
    page.add_attachment(done[0])
    assert page.attachments.count() == before + 1
    return done[0]


def open_row(qtbot, app, page, row: int) -> AttachmentViewer:
    page.attachments.setFocus()
    page.attachments.setCurrentRow(row)
    before = set(map(id, page.findChildren(AttachmentViewer)))
    qtbot.keyClick(page.attachments, Qt.Key.Key_Return)
    viewers = [v for v in page.findChildren(AttachmentViewer) if id(v) not in before]
    assert len(viewers) == 1, "Enter on the attachment list opens one viewer"
    return viewers[0]


@pytest.fixture
def page(unlocked, qtbot):
    open_first_case(qtbot, unlocked)
    return new_record(qtbot, unlocked, "home_visit")


def test_enter_opens_a_photo_at_its_size_fitted_to_the_window_and_audited(unlocked, page, qtbot):
    app = unlocked
    ref = attach(qtbot, app, page, png(1600, 1000), "kitchen.png", "image/png")
    viewer = open_row(qtbot, app, page, 0)
    settle(qtbot, app, lambda: viewer.image is not None)
    assert (
        viewer.isVisible() and viewer.windowTitle() == "Attachment: Photo"
    )  # no file name in the title
    assert viewer.image.size() == QSize(1600, 1000)
    [item] = viewer.scene.items()
    assert item.pixmap().size() == QSize(1600, 1000)
    assert 0 < viewer.zoom < 1  # fitted: a 1600-pixel photo in a 900-pixel window
    shown = viewer.view.mapFromScene(viewer.scene.sceneRect()).boundingRect()
    assert (
        shown.width() <= viewer.view.viewport().width()
        and shown.height() <= viewer.view.viewport().height()
    )
    views = [
        (e.record_kind, e.record_id, e.detail)
        for e in app.session.store.audit_events()
        if e.action == "attachment.view"
    ]
    assert views == [("home_visit", page.editor.record_id, {"sha256": ref.sha256, "kind": "photo"})]

    fitted = viewer.zoom
    qtbot.waitUntil(viewer.isActiveWindow)  # the viewer's own shortcuts work in its own window
    qtbot.keyClick(viewer.view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == pytest.approx(fitted * 1.25)
    qtbot.keyClick(viewer.view, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == 1.0
    qtbot.keyClick(viewer.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom == pytest.approx(fitted)
    if SHOTS is not None:
        viewer.grab().save(str(SHOTS / "attachment-viewer-photo.png"))

    qtbot.keyClick(viewer.view, Qt.Key.Key_Escape)
    assert viewer.isHidden() and viewer.image is None and viewer.scene.items() == []
    qtbot.waitUntil(lambda: not shiboken6.isValid(viewer))


def test_a_small_signature_is_not_blown_up(unlocked, page, qtbot):
    attach(
        qtbot,
        unlocked,
        page,
        png(480, 180),
        "Signature - Parent - Ana Test - 2026-05-06 16.20.png",
        "image/png",
        AttachmentKind.SIGNATURE,
    )
    viewer = open_row(qtbot, unlocked, page, 0)
    settle(qtbot, unlocked, lambda: viewer.image is not None)
    assert viewer.windowTitle() == "Attachment: Signature" and viewer.zoom == 1.0
    viewer.close()


def test_locking_closes_and_clears_every_open_viewer(unlocked, page, qtbot):
    app = unlocked
    attach(qtbot, app, page, png(), "kitchen.png", "image/png")
    attach(
        qtbot,
        app,
        page,
        b"Visit notes, second page.",
        "notes.txt",
        "text/plain",
        AttachmentKind.DOCUMENT,
    )
    photo = open_row(qtbot, app, page, 0)
    notes = open_row(qtbot, app, page, 1)
    settle(qtbot, app, lambda: photo.image is not None and notes.text.toPlainText() != "")
    assert notes.text.toPlainText() == "Visit notes, second page." and notes.text.isVisibleTo(notes)
    app.session_vm.lock()
    # synchronously, before anything else paints: nothing decrypted is left in either window
    for viewer in (photo, notes):
        assert viewer.isHidden() and viewer.opened is None and viewer.image is None
        assert (
            viewer.scene.items() == []
            and viewer.text.toPlainText() == ""
            and viewer.heading.text() == ""
        )
    qtbot.waitUntil(lambda: not shiboken6.isValid(photo) and not shiboken6.isValid(notes))


def test_a_damaged_photo_says_so_and_nothing_is_lost(unlocked, page, qtbot):
    app = unlocked
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40  # a PNG header and then nothing a reader can use
    ref = attach(qtbot, app, page, broken, "porch.png", "image/png")
    settle(qtbot, app, lambda: not page.editor.dirty)
    body_before = [dict(a) for a in page.editor.body["attachments"]]
    viewer = open_row(qtbot, app, page, 0)
    settle(qtbot, app, lambda: viewer.banner.label.text().startswith("Problem:"))
    assert "damaged" in viewer.banner.label.text() and "unchanged" in viewer.banner.label.text()
    assert viewer.image is None and viewer.scene.items() == []
    assert viewer.save_button.isEnabled()  # the bytes are still there to hand to another program
    if SHOTS is not None:
        viewer.grab().save(str(SHOTS / "attachment-viewer-damaged.png"))
    viewer.close()
    settle(qtbot, app)
    assert page.editor.body["attachments"] == body_before and page.attachments.count() == 1
    assert not page.editor.dirty
    assert app.session.store.get_attachment(ref.sha256) == broken


def test_bytes_that_do_not_match_their_hash_are_not_shown(unlocked, page, qtbot):
    app = unlocked
    ref = attach(qtbot, app, page, png(64, 64), "door.png", "image/png")
    store = app.session.store
    # the reference now points at other bytes (as a damaged sync could leave it)
    done = []
    app.worker.run(
        lambda: store.put_attachment(sha256="ab" * 32, mime="image/png", content=png(32, 32)),
        on_done=done.append,
    )
    settle(qtbot, app, lambda: bool(done))
    body, unreadable = page.form.values()
    body["attachments"] = [{**body["attachments"][0], "sha256": "ab" * 32}]
    page.form.load(body)
    page.editor.edit(body, unreadable)
    page._refresh_attachments()
    viewer = open_row(qtbot, app, page, 0)
    settle(qtbot, app, lambda: viewer.banner.label.text().startswith("Problem:"))
    assert viewer.image is None and not viewer.save_button.isEnabled()
    assert ref.sha256 != "ab" * 32
    viewer.close()


def test_a_pdf_shows_its_pages(unlocked, page, qtbot):
    from fieldcase.reports import (  # a test may use reports directly
        HomeVisitSummary,
        render_home_visit_summary,
    )
    from fieldcase.reports import specimen as s

    pdf = render_home_visit_summary(
        HomeVisitSummary(visit=s.home_visit(), signatures=s.signatures()), s.context()
    ).pdf
    attach(qtbot, unlocked, page, pdf, "summary.pdf", "application/pdf", AttachmentKind.DOCUMENT)
    viewer = open_row(qtbot, unlocked, page, 0)
    qtbot.waitUntil(lambda: len(viewer.pages) == 2, timeout=15000)
    assert viewer.image.width() == round(8.5 * 110)  # Letter at the viewer's resolution
    assert len(viewer.scene.items()) == 2
    if SHOTS is not None:
        qtbot.wait(100)  # let the layout settle after the "Preparing the pages…" banner went
        viewer.grab().save(str(SHOTS / "attachment-viewer-pdf.png"))
    viewer.close()


def test_a_copy_is_saved_only_after_the_warning_and_is_audited(
    unlocked, page, qtbot, tmp_path, monkeypatch
):
    app = unlocked
    content = png(100, 80)
    attach(qtbot, app, page, content, "kitchen.png", "image/png")
    viewer = open_row(qtbot, app, page, 0)
    settle(qtbot, app, lambda: viewer.image is not None)
    target = tmp_path / "copy.png"
    asked = []
    monkeypatch.setattr(viewer, "ask_path", lambda: asked.append(1) or str(target))
    monkeypatch.setattr(viewer, "confirm_unencrypted", lambda: False)
    viewer.save_button.click()
    settle(qtbot, app)
    assert not target.exists() and asked == []  # declined at the warning: not even asked where
    monkeypatch.setattr(viewer, "confirm_unencrypted", lambda: True)
    viewer.save_button.click()
    settle(qtbot, app, target.exists)
    assert target.read_bytes() == content
    [event] = [e for e in app.session.store.audit_events() if e.action == "export"]
    assert event.record_id == page.editor.record_id and "kitchen" not in str(event.detail)
    assert viewer.banner.label.text().startswith("Saved an unencrypted copy")
    viewer.close()


def test_the_viewer_passes_the_accessibility_walk_and_speaks_spanish(unlocked, page, qtbot):
    from fieldcase.ui import i18n
    from gui.test_accessibility import walk

    attach(qtbot, unlocked, page, png(200, 100), "kitchen.png", "image/png")
    viewer = open_row(qtbot, unlocked, page, 0)
    settle(qtbot, unlocked, lambda: viewer.image is not None)
    assert walk(viewer) == []
    viewer.close()
    i18n.install(None, "es")
    try:
        viewer = open_row(qtbot, unlocked, page, 0)
        settle(qtbot, unlocked, lambda: viewer.image is not None)
        assert viewer.windowTitle() == "Adjunto: Foto"
        assert viewer.save_button.text() == "&Guardar una copia…"
        viewer.close()
    finally:
        i18n.install(None, "en")


def test_the_signature_dialog_records_role_signer_and_time(qtbot):
    from fieldcase.ui.signature import SignatureDialog

    dialog = SignatureDialog(now=lambda: datetime(2026, 5, 6, 16, 20))
    qtbot.addWidget(dialog)
    dialog.role.setCurrentIndex(dialog.role.findData("Resource parent"))
    dialog.who.setText("Begoña Test-Muñoz")
    if SHOTS is not None:
        dialog.show()
        dialog.grab().save(str(SHOTS / "signature-dialog.png"))
    dialog.accept()
    name = dialog.file_name()
    assert name == "Signature - Resource parent - Begoña Test-Muñoz - 2026-05-06 16.20.png"
    assert attachment_service.signature_details(name).role == "Resource parent"
