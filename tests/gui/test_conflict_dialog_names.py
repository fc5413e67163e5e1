"""The side-by-side conflict dialog names both authors from the team directory the server syncs
(services/directory.py), not "Caseworker 1a2b3c4d"."""

from __future__ import annotations

from fieldcase.services.conflicts import ConflictItem
from fieldcase.ui.conflict_dialog import ConflictDialog

MINE, THEIRS = "0b6c1f0e-1111-4c8e-9a51-0a1b2c3d4e5f", "7d2e9a4c-2222-4f1a-8b3c-5d6e7f8a9b0c"


def _conflict(**names) -> ConflictItem:
    return ConflictItem(
        conflict_id="c1",
        record_kind="home_visit",
        record_id="r1",
        field="observations",
        narrative=True,
        mine="My words.",
        theirs="Their words.",
        my_author=MINE,
        their_author=THEIRS,
        my_time="2026-11-02T10:00:00+00:00",
        their_time="2026-11-02T11:00:00+00:00",
        message="Both changed it.",
        **names,
    )


def test_both_authors_are_named_from_the_directory(qtbot):
    dialog = ConflictDialog(
        _conflict(my_author_name="Robin Vale", their_author_name="Dana Whitfield")
    )
    qtbot.addWidget(dialog)
    assert "Robin Vale" in dialog.mine_label.text()
    assert "Dana Whitfield" in dialog.theirs_label.text()


def test_the_directory_name_wins_over_a_sign_in_name_and_an_unknown_author_is_never_a_bare_id(
    qtbot,
):
    dialog = ConflictDialog(
        _conflict(my_author_name="Robin Vale"), names={MINE: "rvale", THEIRS: "Dana W."}
    )
    qtbot.addWidget(dialog)
    assert "Robin Vale" in dialog.mine_label.text() and "rvale" not in dialog.mine_label.text()
    assert "Dana W." in dialog.theirs_label.text()  # no directory name: what the window knows
    unknown = ConflictDialog(_conflict())
    qtbot.addWidget(unknown)
    assert THEIRS not in unknown.theirs_label.text()
