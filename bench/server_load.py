"""Many laptops against the production set-up (issue 19 item 2): `bench/server_sync.py --hosts H`.

The production set-up (docs/server.md "Production: several servers behind a reverse proxy") is
several `fieldcase-server run --workers W` processes on one or more hosts behind nginx, on one
PostgreSQL. Here a "host" is one `fieldcase-server run --workers W` on its own loopback port; the H of
them sit behind nginx running docs/deploy/nginx-fieldcase.conf itself (TLS with a throw-away
certificate, the upstream listing the H ports). Without nginx (`--proxy none`, or nginx not
installed) each laptop is pinned to one host in turn (round robin, as DNS round robin would).

Each laptop does what the app's auto-sync does (services/sync.py AutoSync, fieldcase/sync/engine.py):
GET /health, POST /sync/hello bringing the first page of changes (GET /sync/changes only when the
hello brought none or more follow; GET /directory, /providers, /instruments only when the hello says
that list moved since the laptop fetched it: at its first sync), and when it has work, POST
/sync/push of 20 mutations (a day's visits) and GET /sync/changes again.

Set-ups compared in one run, interleaved round by round so the machine's changing load falls on
all of them alike: 1 host x 1 worker, 1 host x W workers, H hosts x W workers (each behind the proxy).
Each round starts a set-up, warms it (one unmeasured sync per laptop), then measures
- burst, no-op: every laptop syncs at once, nothing new;
- burst, mix: every laptop at once, --pushing of them with 20 mutations;
and with --steady S, only on the H x W set-up, S seconds of syncs arriving at the rate of --laptops
laptops syncing every --interval seconds (open loop: latency counted from the planned start).
"""

from __future__ import annotations

import os
import re
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from fieldcase.domain.ids import new_id
from fieldcase.protocol.version import HEADER_LISTS, REFERENCE_LISTS
from fieldcase.sync.lists import parse

HERE = Path(__file__).resolve().parent
NGINX_SITE = HERE.parent / "docs" / "deploy" / "nginx-fieldcase.conf"
DAY_OF_WORK = 20  # mutations a pushing laptop sends (issue 19: "push of a day's work")


@dataclass
class Tally:
    syncs: list[float] = field(default_factory=list)
    requests: list[float] = field(default_factory=list)
    walls: list[float] = field(default_factory=list)
    count: int = 0
    errors: list[str] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)


def _openssl_cert(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_site(ports: list[int], listen: int, cert: Path, key: Path, logs: Path) -> str:
    """docs/deploy/nginx-fieldcase.conf with this run's upstream, port, certificate and log: the
    documented file is what the bench measures."""
    text = NGINX_SITE.read_text()
    servers = "".join(
        f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;\n" for port in ports
    )
    text, n = re.subn(
        r"(upstream fieldcase \{\n    least_conn;\n)(?:    server [^\n]*\n)+",
        lambda m: m.group(1) + servers,
        text,
    )
    assert n == 1, "the upstream block of docs/deploy/nginx-fieldcase.conf changed shape"
    text = text.replace(
        "    listen 443 ssl;\n    listen [::]:443 ssl;\n", f"    listen 127.0.0.1:{listen} ssl;\n"
    )
    text = text.replace("/etc/fieldcase/tls/fullchain.pem", str(cert)).replace(
        "/etc/fieldcase/tls/privkey.pem", str(key)
    )
    return text.replace("/var/log/nginx/fieldcase.access.log", str(logs / "access.log"))


@contextmanager
def running_nginx(
    ports: list[int], folder: Path, free_port
) -> Iterator[tuple[str, ssl.SSLContext]]:  # type: ignore[no-untyped-def]
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o755)  # noqa: S103 - nginx's workers run as nobody when started by root
    cert, key = _openssl_cert(folder)
    listen = free_port()
    (folder / "site.conf").write_text(nginx_site(ports, listen, cert, key, folder))
    (folder / "nginx.conf").write_text(
        f"worker_processes auto;\nerror_log {folder}/error.log warn;\npid {folder}/nginx.pid;\n"
        "events { worker_connections 1024; }\n"
        f"http {{\n  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n  scgi_temp_path {folder}/scgi;\n"
        f"  include {folder}/site.conf;\n}}\n"
    )
    conf = str(folder / "nginx.conf")
    subprocess.run(
        ["nginx", "-t", "-q", "-c", conf, "-p", str(folder)], check=True, capture_output=True
    )
    proc = subprocess.Popen(
        ["nginx", "-c", conf, "-p", str(folder), "-g", "daemon off;"], stderr=subprocess.DEVNULL
    )
    context = ssl.create_default_context(cafile=str(cert))
    base = f"https://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/health", verify=context, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "nginx did not start: "
                    + (folder / "error.log").read_text(errors="replace")[-500:]
                )
            time.sleep(0.2)
        yield base, context
    finally:
        proc.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def one_sync(
    laptop, tally: Tally, lock: threading.Lock, *, push: bool, planned: float | None = None
) -> None:  # type: ignore[no-untyped-def]
    """The app's auto-sync, request for request (engine.py `_sync`)."""
    mine: list[float] = []
    try:
        start = time.perf_counter() if planned is None else planned
        laptop.timed("GET", "/health", mine)
        hello = laptop.hello(mine, first_page=True)
        told = parse(hello.headers.get(HEADER_LISTS))
        first = hello.json().get("first_page")
        for (
            name
        ) in REFERENCE_LISTS:  # only the lists that moved (sync/lists.py): none when nothing is new
            if name in told and laptop.lists_seen.get(name) == told[name]:
                continue
            laptop.timed("GET", f"/{name}", mine)
            laptop.lists_seen[name] = told.get(name, "")
        # the page the hello brought; the changes route only when it brought none, or more follow
        if first is None or laptop.take(first):
            laptop.pull_all(mine)
        if push:
            batch = [
                laptop.mutation(
                    "create",
                    new_id(),
                    fields={
                        "case_id": laptop.cases[k % len(laptop.cases)],
                        "observations": "Synthetic load note.",
                    },
                )
                for k in range(DAY_OF_WORK)
            ]
            laptop.push(batch, mine)
            laptop.pull_all(mine)
        took = time.perf_counter() - start
        with lock:
            tally.requests.extend(mine)
            tally.syncs.append(took)
            tally.count += 1
    except Exception as exc:  # noqa: BLE001 - counted and shown, not raised: a bench asserts nothing
        with lock:
            tally.errors.append(f"{type(exc).__name__}: {exc}"[:200])


def burst(laptops: list, tally: Tally | None, *, pushing: float) -> None:  # type: ignore[type-arg]
    """Every laptop at once (a barrier), `pushing` of them with a day's work."""
    lock = threading.Lock()
    target = tally if tally is not None else Tally()
    gate = threading.Barrier(len(laptops))
    every = int(1 / pushing) if pushing > 0 else 0

    def go(i: int, laptop) -> None:  # type: ignore[no-untyped-def]
        gate.wait(timeout=120)
        one_sync(laptop, target, lock, push=bool(every) and i % every == 0)

    threads = [threading.Thread(target=go, args=(i, lp)) for i, lp in enumerate(laptops)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if tally is not None:
        tally.walls.append(time.perf_counter() - start)
        tally.loads.append(os.getloadavg()[0])


def steady(laptops: list, tally: Tally, *, rate: float, seconds: float, pushing: float) -> None:  # type: ignore[type-arg]
    """Open loop: a sync starts every 1/rate s whatever the earlier ones are doing (as 2,000 laptops
    on their own timers would); each one's latency counts from its planned start."""
    lock = threading.Lock()
    every = int(1 / pushing) if pushing > 0 else 0
    busy: set[int] = set()
    threads: list[threading.Thread] = []
    start = time.perf_counter()
    n = 0
    while (planned := start + n / rate) < start + seconds:
        time.sleep(max(0.0, planned - time.perf_counter()))
        index = next((i for i in range(n, n + len(laptops)) if i % len(laptops) not in busy), None)
        if index is None:
            with lock:
                tally.errors.append("every simulated laptop was still busy with its last sync")
            n += 1
            continue
        slot = index % len(laptops)
        busy.add(slot)

        def go(
            slot: int = slot, planned: float = planned, push: bool = bool(every) and n % every == 0
        ) -> None:
            try:
                one_sync(laptops[slot], tally, lock, push=push, planned=planned)
            finally:
                busy.discard(slot)

        thread = threading.Thread(target=go)
        thread.start()
        threads.append(thread)
        n += 1
    for t in threads:
        t.join()
    tally.walls.append(time.perf_counter() - start)
    tally.loads.append(os.getloadavg()[0])


@contextmanager
def production(
    url: str, hosts: int, workers: int, folder: Path, use_nginx: bool, running_server, free_port
) -> Iterator[tuple[list[str], ssl.SSLContext | None]]:  # type: ignore[no-untyped-def]
    """H x `fieldcase-server run --workers W` (started one after the other: each upgrades the schema
    first) and, with nginx, the proxy in front: yields the addresses laptops use."""
    with ExitStack() as stack:
        bases = [
            stack.enter_context(
                running_server(url, folder / f"server-{hosts}x{workers}-{h}.log", workers)
            )
            for h in range(hosts)
        ]
        if not use_nginx:
            yield bases, None
            return
        ports = [int(base.rsplit(":", 1)[1]) for base in bases]
        base, context = stack.enter_context(
            running_nginx(ports, folder / f"nginx-{hosts}x{workers}", free_port)
        )
        yield [base], context


def summary(tally: Tally) -> tuple[float, float, float, float]:
    """(p50, p99 of a sync, syncs/s, p99 of a request) for the sake of the table."""
    from server_sync import pct

    rate = tally.count / sum(tally.walls) if tally.walls else float("nan")
    return pct(tally.syncs, 50), pct(tally.syncs, 99), rate, pct(tally.requests, 99)


def have_nginx() -> bool:
    return shutil.which("nginx") is not None and shutil.which("openssl") is not None


def scratch() -> tempfile.TemporaryDirectory:  # type: ignore[type-arg]
    return tempfile.TemporaryDirectory(prefix="fc-load-")
