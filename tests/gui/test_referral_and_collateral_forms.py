"""The collateral contact and referral forms (pytest-qt, offscreen): reached from the case view and
the Record menu, autosaved, checked as the caseworker types, submitted; a referral's provider is
chosen from the resource directory on the laptop and its status updated twice by adding rows."""

from __future__ import annotations

from datetime import date, timedelta

from fieldcase.domain.workflow import Status
from fieldcase.store import resource_directory
from fieldcase.store.store import Store
from helpers.gui import new_record, open_first_case, settle
from helpers.store import PASSPHRASE


def _stored(data_dir, record_id):
    store = Store.unlock(data_dir, PASSPHRASE)
    try:
        return store.get(record_id)
    finally:
        store.lock()


def _directory(app, qtbot) -> None:
    providers = [
        {
            "id": "prov-roots",
            "name": "Synthetic Family Roots",
            "service_types": ["parenting"],
            "county": "Synthetic County",
        },
        {
            "id": "prov-hope",
            "name": "Synthetic Hope House",
            "service_types": ["housing"],
            "county": "Elsewhere",
        },
    ]
    app.worker.run(lambda: resource_directory.replace(app.session.store, providers))
    settle(qtbot, app)


def test_the_case_view_and_the_record_menu_start_both_records(unlocked, qtbot):
    app = unlocked
    window = app.window
    open_first_case(qtbot, app)
    case_view = window.case_view
    assert case_view.other_records.isVisible() and case_view.other_records.isEnabled()
    next(
        a for a in case_view.other_records_menu.actions() if a.text() == "New co&llateral contact"
    ).trigger()
    settle(qtbot, app, lambda: len(window.pages) == 1)
    assert window.pages[-1].editor.kind == "collateral_contact"
    menu_texts = {a.text(): a for a in window.menuBar().actions()[1].menu().actions()}
    menu_texts["New &referral"].trigger()
    settle(qtbot, app, lambda: len(window.pages) == 2)
    assert window.pages[-1].editor.kind == "referral"


def test_collateral_contact_autosaves_checks_and_submits(unlocked, qtbot, data_dir):
    app = unlocked
    open_first_case(qtbot, app)
    page = new_record(qtbot, app, "collateral_contact")
    form = page.form
    children = form.editor("child_ids")
    assert children.get(), "the case's children are concerned by default"
    qtbot.keyClicks(
        form.editor("summary").widget, "Synthetic: attendance back to normal since the move."
    )
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    record_id = page.editor.record_id
    assert (
        _stored(data_dir, record_id).body["summary"]
        == "Synthetic: attendance back to normal since the move."
    )
    # as you type: an end before the start
    start = form.editor("contact_start").widget.value()
    form.editor("contact_end").widget.set_value(start - timedelta(minutes=10))
    assert (
        form.fields["contact_end"]
        .error.text()
        .startswith("Problem: The contact ends before it starts")
    )
    form.editor("contact_end").widget.set_value(start + timedelta(minutes=10))
    # submitting without saying who: refused beside the field
    page.submit_button.click()
    settle(qtbot, app)
    assert "Choose who the party is to the child" in form.fields["party_role"].error.text()
    assert page.editor.status is Status.DRAFT
    form.editor("party_role").widget.set_value("school")
    form.editor("party_role").changed.emit()
    qtbot.keyClicks(form.editor("party_organisation").widget, "Synthetic Elementary")
    qtbot.keyClicks(form.editor("party_contact").widget, "555-0142")
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
    body = _stored(data_dir, record_id).body
    assert (body["status"], body["party_role"], body["party_contact"], body["method"]) == (
        "submitted",
        "school",
        "555-0142",
        "phone",
    )


def test_referral_from_the_directory_with_two_status_updates(unlocked, qtbot, data_dir):
    app = unlocked
    window = app.window
    _directory(app, qtbot)
    open_first_case(qtbot, app)
    detail = window.case_view.detail
    page = new_record(qtbot, app, "referral")
    form = page.form
    provider = form.editor("provider_id").widget
    assert provider.findData("prov-roots") >= 0 and provider.findData("prov-hope") >= 0
    provider.set_value("prov-hope")
    form.editor("provider_id").changed.emit()
    form.editor("person_id").widget.set_value(detail.child_ids()[0])
    form.editor("service_type").widget.set_value("housing")
    form.editor("service_type").changed.emit()
    settle(qtbot, app, lambda: page.editor.last_saved is not None and not page.editor.dirty)
    record_id = page.editor.record_id
    assert (
        _stored(data_dir, record_id).body["provider_name"] == "Synthetic Hope House"
    )  # kept with the referral
    today = date.today()
    statuses = form.rows["status_changes"]
    for status, day in (("waitlisted", today - timedelta(days=1)), ("started", today)):
        statuses.add_button.click()
        _frame, fields, _remove = statuses.rows[-1]
        fields["status"].editor.widget.set_value(status)
        fields["on"].editor.widget.set_value(day)
        fields["status"].editor.changed.emit()
        settle(qtbot, app, lambda: not page.editor.dirty)
    settle(qtbot, app, lambda: len(_stored(data_dir, record_id).body["status_changes"]) == 2)
    assert [r["status"] for r in _stored(data_dir, record_id).body["status_changes"]] == [
        "waitlisted",
        "started",
    ]
    # still going: not submitted yet, and the form says why
    page.submit_button.click()
    settle(qtbot, app)
    assert page.editor.status is Status.DRAFT
    assert (
        "once the service has ended" in form.rows["status_changes"].error.text()
        or "once the service has ended" in page.summary.label.text()
    )
    # an impossible step is shown beside its row
    statuses.add_button.click()
    _frame, fields, _remove = statuses.rows[-1]
    fields["status"].editor.widget.set_value("waitlisted")
    fields["on"].editor.widget.set_value(today)
    fields["status"].editor.changed.emit()
    settle(qtbot, app, lambda: not page.editor.dirty)
    assert "cannot follow" in fields["status"].error.text()
    fields["status"].editor.widget.set_value("completed")
    fields["status"].editor.changed.emit()
    page.submit_button.click()
    settle(qtbot, app, lambda: page.editor.status is Status.SUBMITTED)
