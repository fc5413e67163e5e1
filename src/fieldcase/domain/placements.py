"""Where a child lives while in care."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from .safe_repr import record_repr


class ProviderKind(enum.Enum):
    RESOURCE_FAMILY = "resource_family"
    RELATIVE = "relative"
    RESIDENTIAL = "residential"


class PlacementType(enum.Enum):
    FOSTER_FAMILY = "foster_family"
    KINSHIP = "kinship"
    TRIAL_HOME_VISIT = "trial_home_visit"
    RESIDENTIAL_TREATMENT = "residential_treatment"
    GROUP_HOME = "group_home"
    INDEPENDENT_LIVING = "independent_living"
    OTHER = "other"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)
class Placement:
    __repr__ = record_repr  # no personal data in logs and tracebacks

    id: str
    case_id: str
    child_id: str = ""
    rev: int = 0
    #: the state system's identifier (None for a record first made on a laptop); set by the import only
    state_id: str | None = None
    provider_kind: ProviderKind | None = None
    provider_name: str = ""
    address: str | None = None  # restricted: never shown to birth family or printed unredacted
    placement_type: PlacementType | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    reason_for_change: str | None = None

    def current_on(self, on: date) -> bool:
        return (
            self.starts_on is not None
            and self.starts_on <= on
            and (self.ends_on is None or on <= self.ends_on)
        )
