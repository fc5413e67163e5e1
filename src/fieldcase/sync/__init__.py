"""The client sync engine: push the outbox, pull changes, move attachments (httpx)."""
