"""The server's setting `approval_required` (server/agency_rules.py): checked at start, and the pack
the server decides with."""

from __future__ import annotations

import pytest
from pydantic import ValidationError


def test_the_server_setting_refuses_a_typo_and_a_proposal_left_out():
    from fieldcase.server.config import Settings

    with pytest.raises(ValidationError, match="approval_required"):
        Settings(database_url="sqlite://", approval_required=["home_vist", "goal_change"])
    with pytest.raises(ValidationError, match="goal_change"):
        Settings(database_url="sqlite://", approval_required=["home_visit"])
    fine = Settings(database_url="sqlite://", approval_required=["home_visit", "goal_change"])
    assert fine.approval_required == ["home_visit", "goal_change"]


def test_the_server_decides_with_its_settings_choice(tmp_path):
    from fieldcase.server.app import create_app
    from fieldcase.server.config import Settings

    app = create_app(
        Settings(
            database_url=f"sqlite:///{tmp_path / 'server.db'}",
            approval_required=["home_visit", "goal_change"],
        )
    )
    assert app.state.rules.approval_required == {"home_visit", "goal_change"}
