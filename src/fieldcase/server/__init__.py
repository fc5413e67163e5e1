"""The central server: FastAPI app, accounts, devices, caseload scopes, sync, approvals."""
