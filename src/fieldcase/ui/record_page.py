"""The page of one open field record: status line, "returned"/read-only banners, the form,
attachments (home visits), and the actions (submit, addendum). The view-model does the work."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from fieldcase.domain.attachments import AttachmentKind
from fieldcase.domain.problems import Problem
from fieldcase.domain.serialization import to_dict
from fieldcase.domain.workflow import Status, read_only_sentence
from fieldcase.services import attachments as attachment_service
from fieldcase.services import field_records
from fieldcase.services.days import local_day
from fieldcase.services.field_records import NOUNS
from fieldcase.ui.accessible_text import LiveLabel, heading
from fieldcase.ui.announce import announce
from fieldcase.ui.attachment_viewer import close_viewers, open_viewer
from fieldcase.ui.attention import proposal_read_message
from fieldcase.ui.comments import CommentDialog, thread_html
from fieldcase.ui.forms.editors import FormContext
from fieldcase.ui.forms.form import RecordForm
from fieldcase.ui.forms.spec import SPECS
from fieldcase.ui.i18n import _, error_words, problem_words, sentence_words
from fieldcase.ui.kept_messages import kept_message
from fieldcase.ui.record_editor import RecordEditor
from fieldcase.ui.signature import SignatureDialog
from fieldcase.ui.widgets import Banner


class RecordPage(QWidget):
    close_requested = Signal()
    open_record_requested = Signal(str)  # a linked record (a family visit's trip)

    def __init__(
        self, editor: RecordEditor, context: FormContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        editor.names = dict(context.users)  # who wrote a comment, who acknowledged an addendum
        #: the caseworker's proposed changes to the approved entry (services.field_records.ProposalState)
        self.proposals: tuple = ()
        self._kept_message_shown = (
            False  # "what you typed … will be sent as a proposed change", until it has been
        )
        self.plan_draft_id: str | None = None
        self._cleared = False
        spec = SPECS[editor.kind]
        layout = QVBoxLayout(self)
        self.title = heading(escape(_(spec.title)))
        self.status = LiveLabel(_("Record status"))
        self.status.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.status)
        layout.addLayout(top)
        self.banner = Banner(self)
        layout.addWidget(self.banner)
        # a question from the supervisor waiting for an answer ("Question from …:" — words, not colour)
        self.question_banner = Banner(self)
        layout.addWidget(self.question_banner)
        self.summary = Banner(self)
        layout.addWidget(self.summary)
        self.interrupted = Banner(
            self
        )  # shown only when a crash had left this form open (show_interrupted)
        layout.addWidget(self.interrupted)
        self.form = RecordForm(spec, context, self)
        self.form.load(editor.body)
        self.form.open_record.connect(self.open_record_requested.emit)
        layout.addWidget(self.form, 1)
        self.ratings_over_time = None
        if (
            editor.kind == "assessment"
        ):  # the child's ratings with this instrument, as a chart (ui/assessment_chart.py)
            from fieldcase.ui.assessment_chart import attach

            self.ratings_over_time = attach(self, context)

        self.attachments = QListWidget()
        self.attachments.setAccessibleName(_("Attachments"))
        self.attachments.setMaximumHeight(90)
        self.attach_file = QPushButton(_("Attach ph&oto or document…"))
        self.attach_signature = QPushButton(_("Capture &signature…"))
        self.has_attachments = "attachments" in editor.body
        self.attachments_label = QLabel(_("Attachments"), self)
        self.attachments_label.hide()
        if self.has_attachments:
            label = self.attachments_label
            label.setBuddy(self.attachments)
            layout.addWidget(label)
            layout.addWidget(self.attachments)
            row = QHBoxLayout()
            row.addWidget(self.attach_file)
            row.addWidget(self.attach_signature)
            row.addStretch(1)
            layout.addLayout(row)
        else:
            for widget in (self.attachments, self.attach_file, self.attach_signature):
                widget.setParent(self)
                widget.hide()
        self.attach_file.clicked.connect(self._attach_file)
        self.attach_signature.clicked.connect(self._attach_signature)
        self.attachments.setToolTip(_("Enter or double-click opens the attachment."))
        self.attachments.itemActivated.connect(self._open_attachment)

        # questions and answers between the supervisor and the caseworker (never part of the entry)
        self.thread_label = QLabel(_("&Questions and answers"))
        self.thread_view = QTextBrowser()
        self.thread_view.setAccessibleName(_("Questions and answers"))
        self.thread_view.setMaximumHeight(110)
        self.thread_label.setBuddy(self.thread_view)
        layout.addWidget(self.thread_label)
        layout.addWidget(self.thread_view)
        self.thread_label.hide()
        self.thread_view.hide()

        buttons = QHBoxLayout()
        if editor.needs_approval:
            self.submit_button = QPushButton(_("Su&bmit for approval"))
            self.submit_button.setToolTip(
                _("Submit for approval (Ctrl+Enter). Works offline: it is sent at the next sync.")
            )
        else:  # the agency's rule pack has the caseworker file this kind: final at once (domain/approval.py)
            self.submit_button = QPushButton(_("Fi&le"))
            self.submit_button.setToolTip(
                _(
                    "File it as final (Ctrl+Enter): your agency does not ask a supervisor to approve this kind of "
                    "record. Once filed it cannot be changed; corrections are addenda. Works offline: it is sent "
                    "at the next sync."
                )
            )
        self.submit_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.addendum_button = QPushButton(_("Add &addendum…"))
        self.close_button = QPushButton(_("&Close"))
        self.close_button.setShortcut(QKeySequence("Ctrl+W"))
        self.comment_button = QPushButton(_("&Reply or comment…"))
        self.comment_button.setToolTip(
            _(
                "Answer your supervisor's question, or write a note about this entry. Sent at the next sync."
            )
        )
        self.comment_button.hide()
        # a family support team meeting's proposed plan changes start a case-plan draft (services/team_meetings.py)
        self.plan_draft_button = QPushButton(_("Start a case-&plan draft from these changes"))
        self.plan_draft_button.setVisible(editor.kind == "team_meeting")
        self.plan_draft_button.clicked.connect(self._start_plan_draft)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.addendum_button)
        buttons.addWidget(self.plan_draft_button)
        buttons.addWidget(self.comment_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.form.edited.connect(self._edited)
        self.submit_button.clicked.connect(editor.submit)
        self.addendum_button.clicked.connect(self._ask_addendum)
        self.comment_button.clicked.connect(self._ask_comment)
        editor.thread_loaded.connect(self._show_thread)
        editor.commented.connect(
            lambda _line: self.summary.show_message(
                _("Answer saved. It reaches your supervisor at the next sync."), "ok"
            )
        )
        self.close_button.clicked.connect(self.close_requested.emit)
        editor.problems_changed.connect(self._show_problems)
        editor.saved.connect(self._saved)
        editor.state_changed.connect(self._state_changed)
        editor.submit_refused.connect(self._refused)
        editor.failed.connect(
            lambda message: self.summary.show_message(
                _("Problem: {message}").format(message=message), "error"
            )
        )
        editor.submitted.connect(self._submitted)
        editor.proposal_kept.connect(self._proposal_kept)
        self._state_changed(reload_form=False)
        self._refresh_attachments()
        self._show_problems(*editor.validate())
        editor.load_thread()

    def _submitted(self, _saved: object) -> None:
        if self.editor.filed:
            message = _(
                "Filed. It is final now: corrections are addenda. It reaches the office at the next sync."
            )
        else:
            message = _("Submitted. It goes to your supervisor at the next sync.")
        self.summary.show_message(message, "ok")

    def _edited(self) -> None:
        body, unreadable = self.form.values()
        self.editor.edit(body, unreadable)
        self.status.setText(self._status_line(_("Unsaved changes")))
        self._plan_draft_enabled(body)

    def _plan_draft_enabled(self, body: dict) -> None:
        """The plan-draft action is there when the meeting proposes a change in words."""
        changes = body.get("plan_changes") or ()
        has_words = any(
            (row.get("change") or "").strip() for row in changes if isinstance(row, dict)
        )
        self.plan_draft_button.setEnabled(has_words and self.editor.status is not Status.VOIDED)

    def _start_plan_draft(self) -> None:
        from fieldcase.services import team_meetings

        editor = self.editor
        if not editor.read_only:
            editor.flush()  # the store worker saves what is on screen before the draft reads the meeting
        session, record_id = editor.session, editor.record_id
        editor.worker.run(
            lambda: team_meetings.start_plan_draft(session.store, meeting_id=record_id),
            on_done=self._plan_draft_started,
            on_error=lambda e: self.summary.show_message(
                _("Problem: {message}").format(message=error_words(e)), "error"
            ),
        )

    def _plan_draft_started(self, plan_id: str) -> None:
        self.plan_draft_id = plan_id
        message = _(
            "A case-plan draft was started with the meeting's proposed changes; it is saved on this laptop and sent at the next sync."
        )
        self.summary.show_message(message, "ok")
        announce(self.summary, message)
        self.open_record_requested.emit(plan_id)  # the plan's form opens beside the meeting

    def _status_line(self, extra: str = "") -> str:
        text = _("Status: {status}").format(status=self.editor.status_text())
        return f"{text} · {extra}" if extra else text

    def _saved(self, saved) -> None:
        self.status.setText(
            self._status_line(
                _("Saved {time}").format(time=datetime.now().astimezone().strftime("%H:%M:%S"))
            )
        )
        announce(
            self.status,
            _("Saved {time}").format(time=datetime.now().astimezone().strftime("%H:%M")),
        )

    def _show_problems(self, now: list[Problem], needed: list[Problem]) -> None:
        unplaced = self.form.show_problems(now)
        if unplaced:
            self.summary.show_message(
                "\n".join(
                    _("Problem: {message}").format(message=problem_words(p)) for p in unplaced
                ),
                "error",
            )
        elif needed and self.editor.status in (Status.DRAFT, Status.RETURNED):
            if self.editor.needs_approval:
                words = _(
                    "Still needed before you can submit: {count}. Press Submit to see each one by its field."
                )
            else:
                words = _(
                    "Still needed before you can file it: {count}. Press File to see each one by its field."
                )
            self.summary.show_message(words.format(count=len(needed)), "info")
        else:
            self.summary.clear()

    def _refused(self, problems: list[Problem]) -> None:
        unplaced = self.form.show_problems(problems)
        lines = [
            _("Not submitted yet. Fix these first:")
            if self.editor.needs_approval
            else _("Not filed yet. Fix these first:")
        ] + [f"• {problem_words(p)}" for p in problems[:8]]
        if len(problems) > 8:
            lines.append(
                _("…and {count} more, marked beside their fields.").format(count=len(problems) - 8)
            )
        del unplaced
        self.summary.show_message("\n".join(lines), "warning")
        # a keyboard or screen-reader user lands on the first field to fix, and hears why
        if self.form.focus_first_problem() is None:
            self.summary.label.setFocus()
        announce(self.summary, "\n".join(lines[:2]), assertive=True)

    def _state_changed(self, reload_form: bool = True) -> None:
        editor = self.editor
        if (
            reload_form and editor.form_stale
        ):  # only when the store brought something new: loading resets the cursor
            editor.form_stale = False
            self.form.load(editor.body)
            self._refresh_attachments()
        self.status.setText(self._status_line())
        self.form.set_read_only(editor.read_only)
        self.submit_button.setVisible(editor.status in (Status.DRAFT, Status.RETURNED))
        self.addendum_button.setVisible(editor.status is Status.APPROVED)
        self.attach_file.setEnabled(not editor.read_only)
        self.attach_signature.setEnabled(not editor.read_only)
        self._plan_draft_enabled(editor.body)
        if editor.read_only:
            self._show_read_only()
            self._load_proposals()
        elif editor.returned_reason:
            self.banner.show_message(
                _("Returned: {reason}").format(reason=editor.returned_reason), "warning"
            )
        else:
            self.banner.clear()

    def _show_read_only(self) -> None:
        """Why the entry is read-only, its addenda and the caseworker's proposed changes, each with
        whether the supervisor has read it."""
        editor = self.editor
        addenda = editor.body.get("addenda") or []
        why = read_only_sentence(
            editor.status,
            noun=NOUNS.get(editor.kind, "record"),
            approved_at=getattr(editor.record, "approved_at", None),
        )
        if why is not None:
            reason = sentence_words(*why)
        else:
            assert editor.read_only_reason is not None  # asked only of a read-only entry
            reason = _(editor.read_only_reason)
        lines = [_("Read-only: {reason}").format(reason=reason)]
        lines += [
            _("Addendum {n} ({when}): {text}").format(
                n=i + 1, when=a["at"][:16].replace("T", " "), text=a["text"]
            )
            + " — "
            + self._acknowledgement(a)
            for i, a in enumerate(addenda)
        ]
        lines += [self._proposal_line(p) for p in self.proposals]
        self.banner.show_message("\n".join(lines), "info")

    def _load_proposals(self) -> None:
        """Read, off the window's thread, which of the caseworker's proposed changes the supervisor
        has read: it arrives with a sync that changes nothing else in the entry (the window reads
        the entry again after each sync, which brings the page here)."""
        if self.editor.status is not Status.APPROVED or self.editor.is_new:
            return
        session, record_id, names = (
            self.editor.session,
            self.editor.record_id,
            dict(self.editor.names),
        )
        self.editor.worker.run(
            lambda: field_records.my_proposals(session.store, record_id=record_id, names=names),
            on_done=self._proposals_loaded,
            on_error=lambda _e: None,
        )  # the banner stays as it was

    def _proposal_kept(self, kept) -> None:  # services.field_records.ProposalKept
        self.summary.show_message(kept_message(kept), "warning")
        self._kept_message_shown = True

    def _proposals_loaded(self, found: tuple) -> None:
        if self._cleared:
            return  # the page was closed or locked while the read was on its way
        self.proposals = found
        if found and self._kept_message_shown:
            # the proposal has reached the server: the banner says where it stands now ("not read yet",
            # "read by …"), and "will be sent" would no longer be true
            self.summary.clear()
            self._kept_message_shown = False
        if self.editor.read_only:
            self._show_read_only()

    @staticmethod
    def _proposal_line(proposal) -> str:  # services.field_records.ProposalState
        if proposal.read:
            return proposal_read_message(proposal)
        return _(
            "Your proposed change of {proposed} has not been read by your supervisor yet."
        ).format(proposed=local_day(proposal.proposed_at))

    def _acknowledgement(self, addendum: dict) -> str:
        """Whether the supervisor has read an addendum: "acknowledged by X on D" once they have."""
        by = addendum.get("acknowledged_by")
        if not by:
            return _("not yet acknowledged by your supervisor")
        who = self.editor.names.get(by) or _("your supervisor")
        return _("acknowledged by {who} on {day}").format(
            who=who, day=local_day(addendum.get("acknowledged_at"))
        )

    def _show_thread(self, thread) -> None:  # services.comments.Thread
        self.thread_view.setHtml(thread_html(thread.lines))
        self.thread_label.setVisible(bool(thread.lines))
        self.thread_view.setVisible(bool(thread.lines))
        self.comment_button.setVisible(thread.can_comment)
        self.comment_button.setText(
            _("&Answer the question…") if thread.question else _("&Reply or comment…")
        )
        if thread.question is not None:
            self.question_banner.show_message(
                _("Question from {who}: {text}").format(
                    who=_(thread.question.author_label), text=thread.question.text
                )
                + "\n"
                + _("Answer it with the button below; the entry stays as it is."),
                "warning",
            )
        else:
            self.question_banner.clear()

    def _ask_comment(self) -> None:
        question = (
            self.editor.comment_thread.question if self.editor.comment_thread is not None else None
        )
        dialog = CommentDialog(
            title=_("Answer your supervisor") if question else _("Write a comment"),
            prompt=_("&Your answer:") if question else _("&Your comment on this entry:"),
            send=_("&Send answer") if question else _("&Send comment"),
            parent=self,
        )
        self.comment_dialog: CommentDialog | None = dialog  # reachable by tests while it is open
        if dialog.exec():
            self.editor.add_comment(dialog.text())
        self.comment_dialog = None

    def _ask_addendum(self) -> None:
        text, ok = QInputDialog.getMultiLineText(
            self,
            _("Add an addendum"),
            _("The approved record stays as it is. Write the correction or addition:"),
        )
        if ok and text.strip():
            self.editor.add_addendum(text.strip())

    # attachments ------------------------------------------------------------------------------

    def _refresh_attachments(self) -> None:
        self.attachments.clear()
        kinds = {"photo": _("Photo"), "document": _("Document"), "signature": _("Signature")}
        for ref in self.editor.body.get("attachments") or []:
            self.attachments.addItem(f"{kinds.get(ref['kind'], ref['kind'])}: {ref['name']}")
        # the list takes room from the form only when there is something in it (the buttons stay)
        has_any = self.has_attachments and self.attachments.count() > 0
        self.attachments_label.setVisible(has_any)
        self.attachments.setVisible(has_any)

    def _attach_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Attach a photo or document"),
            "",
            _("Photos and documents (*.png *.jpg *.jpeg *.heic *.webp *.pdf *.txt)"),
        )
        if path:
            kind = (
                AttachmentKind.PHOTO
                if path.lower().endswith((".png", ".jpg", ".jpeg", ".heic", ".webp"))
                else AttachmentKind.DOCUMENT
            )
            session = self.editor.session
            self.editor.worker.run(
                lambda: attachment_service.attach_file(session.store, path=path, kind=kind),
                on_done=self.add_attachment,
                on_error=lambda e: self.summary.show_message(
                    _("Problem: {message}").format(message=error_words(e)), "error"
                ),
            )

    def _attach_signature(self) -> None:
        dialog = SignatureDialog(self)
        if dialog.exec() and not dialog.pad.is_empty:
            self.attach_signature_png(dialog.pad.to_png(), dialog.file_name())

    def attach_signature_png(self, png: bytes, name: str) -> None:
        session = self.editor.session
        self.editor.worker.run(
            lambda: attachment_service.attach_bytes(
                session.store,
                content=png,
                name=name,
                mime="image/png",
                kind=AttachmentKind.SIGNATURE,
            ),
            on_done=self.add_attachment,
            on_error=lambda e: self.summary.show_message(
                _("Problem: {message}").format(message=error_words(e)), "error"
            ),
        )

    def _open_attachment(self, item) -> None:
        refs, row = self.editor.body.get("attachments") or [], self.attachments.row(item)
        if 0 <= row < len(refs):
            open_viewer(
                refs[row],
                worker=self.editor.worker,
                session=self.editor.session,
                record_kind=self.editor.kind,
                record_id=self.editor.record_id,
                parent=self,
            )

    def add_attachment(self, ref) -> None:
        body, unreadable = self.form.values()
        body["attachments"] = list(body.get("attachments") or []) + [to_dict(ref)]
        self.form.load(body)
        self.editor.edit(body, unreadable)
        self._refresh_attachments()

    def show_interrupted(self) -> None:
        """The app stopped while this form was open (a crash, a power cut): it is opened again as it was
        last saved, and says so, so the caseworker checks the last words typed."""
        self.interrupted.show_message(
            _(
                "This form was open when fieldcase stopped unexpectedly. It is reopened as it was last saved; check the last words you typed."
            ),
            "warning",
        )

    def clear_personal_data(self) -> None:
        close_viewers(self)
        self.form.load({})
        self.attachments.clear()
        self._cleared = True
        self.banner.clear()
        self.proposals = ()
        self.question_banner.clear()
        self.thread_view.clear()
        self.summary.clear()
