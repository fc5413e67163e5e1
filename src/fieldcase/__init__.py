"""fieldcase: offline-first field records for child-welfare caseworkers."""

__version__ = "0.1.0"
