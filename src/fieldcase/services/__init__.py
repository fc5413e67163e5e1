"""The application layer the GUI and scripts call. Synchronous, no Qt, returns frozen dataclasses."""
