"""The wire format shared by the laptop and the server: versioned pydantic models."""
