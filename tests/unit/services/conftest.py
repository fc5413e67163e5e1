from __future__ import annotations

import pytest

from fieldcase.store.store import Store
from helpers.services import seed_caseload


@pytest.fixture
def family(store: Store):
    return seed_caseload(store, families=1)[0]
