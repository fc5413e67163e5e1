"""Logs and error answers never contain names, narratives, passwords or tokens (security.md "Leaks")."""

from __future__ import annotations

import logging

from fieldcase.domain.ids import new_id

CANARY = "Qzxv-canary-Wobblethorpe"


def test_no_personal_data_or_secrets_in_logs(server, caplog):
    caplog.set_level(logging.DEBUG)
    server.make_user("ana")
    case = server.make_case("ana")
    enrolled = server.enroll("ana").json()
    server.enroll("ana", password=CANARY + "-password")  # refused
    token = enrolled["tokens"]["access_token"]
    ana = server.device("ana")
    record = new_id()
    ana.push_ok(
        ana.mutation(
            "create", "home_visit", record, fields={"case_id": case, "observations": CANARY}
        )
    )
    ana.push_ok(
        ana.mutation(
            "create", "home_visit", new_id(), fields={"case_id": case, "no_such_field": CANARY}
        )
    )
    ana.push_ok(
        ana.mutation(
            "patch",
            "home_visit",
            record,
            base_rev=0,
            patch={"observations": {"base": CANARY, "new": CANARY}},
        )
    )
    bad = ana.post("/sync/push", {"batch_id": "nope", "mutations": [{"observations": CANARY}]})
    assert bad.status_code == 422 and CANARY not in bad.text
    ana.pull_all()
    text = caplog.text
    for secret in (CANARY, token, enrolled["tokens"]["refresh_token"], ana.access_token):
        assert secret not in text
    for row in server.audit_rows():
        assert CANARY not in repr(row.detail) and CANARY not in (row.target_id or "")


class _Watched:
    """OpenTelemetry providers as an operator's set-up would install them (an SDK, an agent): they
    note every tracer, meter or logger asked of them."""

    def __init__(self) -> None:
        from opentelemetry import _logs, metrics, trace

        asked = self.asked = []

        # not the API's no-op classes: FastAPI takes those for "nothing set up"
        class Tracers(trace.TracerProvider):
            def get_tracer(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                asked.append("tracer")
                return trace.NoOpTracer()

        class Meters(metrics.MeterProvider):
            def get_meter(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                asked.append("meter")
                return metrics.NoOpMeter(args[0] if args else "meter")

        class Loggers(_logs.LoggerProvider):
            def get_logger(self, *args, **kwargs):  # type: ignore[no-untyped-def]
                asked.append("logger")
                return _logs.NoOpLogger(args[0] if args else "logger")

        self.providers = {
            (trace, "get_tracer_provider"): Tracers(),
            (metrics, "get_meter_provider"): Meters(),
            (_logs, "get_logger_provider"): Loggers(),
        }


def test_the_web_frameworks_own_telemetry_stays_off_where_opentelemetry_is_set_up(
    server, monkeypatch
):
    """FastAPI records requests, their validation failures and unhandled exceptions — their
    messages and stack traces — to whatever OpenTelemetry the machine has configured. Those
    messages are not ours to vet (a database error quotes the row it refused), so the server keeps
    that path shut whatever the machine installs; what it logs goes through its own log lines."""
    watched = _Watched()
    for (module, name), provider in watched.providers.items():
        monkeypatch.setattr(module, name, lambda provider=provider: provider)
    server.make_user("ana")
    server.make_case("ana")
    server.enroll("ana")
    ana = server.device("ana")
    assert server.client.get("/health").status_code == 200
    bad = ana.post("/sync/push", {"batch_id": "nope", "mutations": [{"observations": CANARY}]})
    assert bad.status_code == 422
    ana.pull_all()
    assert watched.asked == []
