"""The supervisor's side of the app: the approval queue with the record reader, and the team
dashboard with drill-down to a child. Shown by the main window when the server says role == "supervisor".

Entry point: `SupervisorView(worker=…, session=…, now=…)` — a plain QWidget; call `refresh()` after
unlocking and after every sync, `clear()` before locking.
"""

from fieldcase.ui.supervisor.view import SupervisorView, build_supervisor_view

__all__ = ["SupervisorView", "build_supervisor_view"]
