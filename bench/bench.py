#!/usr/bin/env python3
"""Orderly's benchmarks; run through bench/run, which installs the tools and builds the jars.

Every scenario starts what it needs from the packaged jars (separate JVMs on loopback ports,
fresh PostgreSQL databases), warms up, then runs its A and B variants interleaved (A B A B ...)
and reports medians. Every process started here is stopped by PID when the run ends, however.
"""
import argparse
import datetime
import glob
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import load  # noqa: E402
from lib.fleet import CUSTOMERS, Fleet, Postgres  # noqa: E402
from lib.procs import CLK_TCK, FAULT_INJECTION, ROOT, VERSION, Processes, children_of, cpu_seconds, free_port, \
    http_json, http_status, rss_mb  # noqa: E402
from lib.report import Report, fmt, median  # noqa: E402

SCENARIOS = ["gateway", "nginx", "slow", "orders", "scaleout", "footprint"]
HERE = os.path.dirname(os.path.abspath(__file__))
PRODUCT = "/api/products/SKU-1"

INVENTORY = "inventory-service"
GATEWAY = "gateway-service"
MODULES = ("discovery-service", "auth-service", "inventory-service", "payment-service", "order-service",
           "gateway-service")
LATENCY = {"ORDERLY_LOADBALANCER_STRATEGY": "latency"}
ROUND_ROBIN = {"ORDERLY_LOADBALANCER_STRATEGY": "round-robin"}
# Faults come from the fault-injection jar, which the fleet puts on these instances' loader.path only.
SLOW = {"ORDERLY_FAULT_DELAY": "200ms"}
CAP_CONCURRENCY, CAP_DELAY = 4, "50ms"
# Closed loops of 24 connections: enough to saturate one or two instances on two cores, and more
# than the scale-out's three capped instances can serve at once (3 x CAP_CONCURRENCY = 12), so that
# capacity, not the client, limits it; kept at 24 so that runs stay comparable with the results in
# docs/performance.md. (No bulkhead limits it any more: the gateway turns Spring Cloud's 25-call
# bulkhead off, see gateway-service's application.yml.)
CONNECTIONS = 24
STEADY = 0.05  # warm-up ends when three windows in a row are within this of their mean throughput
CAPPED = {"ORDERLY_FAULT_MAX_CONCURRENCY": str(CAP_CONCURRENCY), "ORDERLY_FAULT_DELAY": CAP_DELAY}


def other_statuses(r, ok=(200,)):
    """The answers that were not OK, e.g. "503 x12", and socket errors."""
    bad = {c: n for c, n in (r.get("statuses") or {}).items() if c not in ok}
    text = ", ".join(f"{c} x{n}" for c, n in sorted(bad.items()))
    socket = r.errors - sum(n for c, n in bad.items() if c >= 300) if r.tool == "wrk" else 0
    if socket > 0:
        text += (", " if text else "") + f"socket errors/timeouts x{socket}"
    return "errors: " + (text or "none")


def log(msg):
    print(msg, flush=True)


class Bench:

    def __init__(self, args, workdir):
        self.args = args
        self.quick = args.quick
        self.reps = 1 if args.quick else args.reps
        self.warm = 2 if args.quick else 5
        # Warm-up until steady (warm_until_steady), at most max_warm s; JIT compilation on two shared
        # cores takes minutes for the saga.
        self.max_warm = 4 if args.quick else args.max_warm
        self.max_warm_orders = 4 if args.quick else args.max_warm_orders
        self.warmups = []
        self.dur = 3 if args.quick else args.seconds
        self.conns = CONNECTIONS
        self.workdir = workdir
        self.procs = Processes(workdir, args.java_opts)
        self.pg = Postgres()
        self.fleet = Fleet(self.procs, self.pg, log)
        self.report = Report()
        self.orderly_run_dir = None
        self.nginx = None

    # ------------------------------------------------------------------ helpers
    def pids(self, procs):
        out = []
        for p in procs:
            out += p.pids()
        return out

    def cpu_by_process(self, procs):
        return {p.name: cpu_seconds(p.pids()) for p in procs}

    def note_cpu_split(self, scenario, procs, before, extra=None):
        """Where the CPU went during a scenario's measurements, per process."""
        spent = {p.name: cpu_seconds(p.pids()) - before[p.name] for p in procs}
        spent.update(extra or {})
        total = sum(spent.values()) or 1
        parts = ", ".join(f"{name} {100 * v / total:.0f}%" for name, v in sorted(spent.items(), key=lambda kv: -kv[1]))
        self.report.notes.append(f"{scenario}: CPU of the system under test, by process: {parts}")

    def one(self, kind):
        return self.fleet.of_kind(kind)[0]

    def record_rss(self, how):
        for p in self.procs.running:
            if p.kind not in ("nginx",) and p.ready_seconds is not None:
                self.report.footprint.append((p.name, p.ready_seconds, rss_mb(p.pid), how))

    def warm_until_steady(self, label, window, seconds=4, minimum=12, limit=None):
        """Runs `window(seconds)` (a load returning a Result) again and again until it is steady: at
        least `minimum` s spent and the last three windows within STEADY of their mean throughput;
        at most `limit` s (default self.max_warm). The curve goes into the report."""
        limit = limit or self.max_warm
        seconds = min(seconds, self.warm) if self.quick else seconds
        started, rates, steady = time.monotonic(), [], False
        while True:
            rates.append(window(seconds).rps)
            spent = time.monotonic() - started
            last = rates[-3:]
            mean = sum(last) / len(last)
            steady = len(last) == 3 and spent >= minimum and max(last) - min(last) <= STEADY * mean
            if steady or spent + seconds > limit or self.quick:
                break
        verdict = "steady" if steady else ("quick run" if self.quick else "not steady at the limit")
        curve = " ".join(f"{r:.0f}" for r in rates)
        log(f"  warm-up {label}: {verdict} after {spent:.0f} s; req/s per {seconds} s window: {curve}")
        self.warmups.append(f"{label}: {verdict} after {spent:.0f} s (req/s per {seconds} s window: {curve})")

    def wrk_warm(self, url, conns=None, label=None, minimum=12):
        conns = conns or self.conns
        self.warm_until_steady(label or url, lambda seconds: load.wrk(url, conns, seconds, []), minimum=minimum)

    # ------------------------------------------------------------------ 1. gateway cost
    def scenario_gateway(self):
        log("\n== 1. gateway cost: GET /api/products/SKU-1 through the gateway vs straight to the instance")
        self.fleet.drop("slow", "capped", "gw-rr")
        self.fleet.need({"inv": (INVENTORY, 1, {}), "gw": (GATEWAY, 1, LATENCY)})
        inv, gw = self.one("inv"), self.one("gw")
        extra = self.fleet.of_kind("inv")[1:]
        self.fleet.set_in_rotation(inv, INVENTORY, True)
        for p in extra:  # the gateway in front of the one instance measured directly
            self.fleet.set_in_rotation(p, INVENTORY, False)
        self.fleet.await_routing(gw, [inv], idle=extra)
        variants = {"direct": (inv.url + PRODUCT, [inv]), "gateway": (gw.url + PRODUCT, [gw, inv])}
        for name, (url, _) in variants.items():
            self.wrk_warm(url, label=f"1 gateway, {name}")
        sat = {k: [] for k in variants}
        gateway_cpu = {"gateway": 0.0, "inventory": 0.0}
        for rep in range(self.reps):
            for name, (url, sut) in variants.items():
                before = (cpu_seconds(gw.pids()), cpu_seconds(inv.pids()))
                r = load.wrk(url, self.conns, self.dur, self.pids(sut))
                if name == "gateway":
                    gateway_cpu["gateway"] += cpu_seconds(gw.pids()) - before[0]
                    gateway_cpu["inventory"] += cpu_seconds(inv.pids()) - before[1]
                sat[name].append(r)
                log(f"  saturation rep {rep + 1} {name:8} {r.rps:8.0f} req/s  p50 {r.p50:6.2f}  p99 {r.p99:6.2f} ms"
                    f"  {r.per_cpu:6.0f} req/CPU-s  {other_statuses(r)}")
        total = sum(gateway_cpu.values()) or 1
        self.report.notes.append(
            f"gateway: CPU during the saturated runs through the gateway: gateway JVM "
            f"{100 * gateway_cpu['gateway'] / total:.0f}%, inventory JVM {100 * gateway_cpu['inventory'] / total:.0f}%")
        direct_rps = median([r.rps for r in sat["direct"]])
        rate = max(10, round(direct_rps / 2))
        half = {k: [] for k in variants}
        for rep in range(self.reps):
            for name, (url, sut) in variants.items():
                r = load.hey(url, rate, 16, self.dur, self.pids(sut))
                half[name].append(r)
                log(f"  half load rep {rep + 1} {name:8} {r.rps:6.0f} req/s  p50 {r.p50:6.2f}  p99 {r.p99:6.2f} ms"
                    f"  {other_statuses(r)}")
        for name in variants:
            self.report.detail("1 gateway", f"{name}, saturation (wrk -c{self.conns})", sat[name])
            self.report.detail("1 gateway", f"{name}, {rate} req/s offered (hey -q, 16 workers)", half[name])
        tput = median([r.rps for r in sat["gateway"]]) / direct_rps
        added_p99 = median([r.p99 for r in half["gateway"]]) - median([r.p99 for r in half["direct"]])
        added_p50 = median([r.p50 for r in half["gateway"]]) - median([r.p50 for r in half["direct"]])
        self.report.ratio("1 gateway", "throughput gateway / direct", tput, ">= 0.5", tput >= 0.5)
        self.report.ratio("1 gateway", f"added p99 at {rate} req/s (ms)", added_p99, "< 2 ms", added_p99 < 2)
        self.report.ratio("1 gateway", f"added p50 at {rate} req/s (ms)", added_p50, "-", None)
        cpu_ratio = median([r.per_cpu for r in sat["gateway"]]) / median([r.per_cpu for r in sat["direct"]])
        self.report.ratio("1 gateway", "req per CPU-s gateway / direct", cpu_ratio, "-", None)

    # ------------------------------------------------------------------ 2. gateway vs nginx
    def start_nginx(self, backends):
        port = free_port()
        d = os.path.join(self.workdir, "nginx")
        os.makedirs(d, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{p.port};" for p in backends)
        conf = f"""worker_processes 2;
daemon off;
master_process on;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
    upstream inventory {{
{servers}
        keepalive 64;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://inventory;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
        }}
    }}
}}
"""
        path = os.path.join(d, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        p = self.procs.start("nginx", ["nginx", "-e", f"{d}/error.log", "-p", d, "-c", path], port=port, kind="nginx")
        deadline = time.monotonic() + 15
        while http_status(p.url + PRODUCT) != 200:
            if not p.alive() or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start; see {p.log} and {d}/error.log")
            time.sleep(0.2)
        return p

    def scenario_nginx(self):
        log("\n== 2. gateway vs nginx: two inventory instances behind each (round robin, keep-alive upstream)")
        self.fleet.drop("slow", "capped", "gw-rr")
        self.fleet.need({"inv": (INVENTORY, 2, {}), "gw": (GATEWAY, 1, LATENCY)})
        invs, gw = self.fleet.of_kind("inv"), self.one("gw")
        for p in invs:
            self.fleet.set_in_rotation(p, INVENTORY, True)
        self.fleet.await_routing(gw, invs)
        nginx = self.start_nginx(invs)
        variants = {"nginx": (nginx.url + PRODUCT, [nginx] + invs), "gateway": (gw.url + PRODUCT, [gw] + invs)}
        for name, (url, _) in variants.items():
            self.wrk_warm(url, label=f"2 nginx, {name}")
        sat = {k: [] for k in variants}
        for rep in range(self.reps):
            for name, (url, sut) in variants.items():
                r = load.wrk(url, self.conns, self.dur, self.pids(sut))
                sat[name].append(r)
                log(f"  saturation rep {rep + 1} {name:8} {r.rps:8.0f} req/s  p50 {r.p50:6.2f}  p99 {r.p99:6.2f} ms"
                    f"  {r.per_cpu:6.0f} req/CPU-s  {other_statuses(r)}")
        self.procs.stop(nginx)
        for name in variants:
            self.report.detail("2 nginx", f"{name} over 2 instances, saturation (wrk -c{self.conns})", sat[name])
        ratio = median([r.rps for r in sat["gateway"]]) / median([r.rps for r in sat["nginx"]])
        self.report.ratio("2 nginx", "throughput gateway / nginx", ratio, ">= 0.8", ratio >= 0.8)
        cpu_ratio = median([r.per_cpu for r in sat["gateway"]]) / median([r.per_cpu for r in sat["nginx"]])
        self.report.ratio("2 nginx", "req per CPU-s gateway / nginx", cpu_ratio, "-", None)

    # ------------------------------------------------------------------ 5. slow instance
    def shares(self, instances, before):
        counts = {p: self.fleet.product_reads(p) - before[p] for p in instances}
        total = sum(counts.values())
        return counts, total

    def scenario_slow(self, rate=150, workers=16):
        log(f"\n== 5. slow instance: 1 of 3 inventory instances +200 ms; {rate} req/s offered (hey -q, {workers} workers)")
        self.fleet.drop("capped")
        self.fleet.need({"inv": (INVENTORY, 2, {}), "slow": (INVENTORY, 1, SLOW),
                         "gw": (GATEWAY, 1, LATENCY), "gw-rr": (GATEWAY, 1, ROUND_ROBIN)})
        invs, slow, gw, rr = self.fleet.of_kind("inv"), self.one("slow"), self.one("gw"), self.one("gw-rr")
        everyone = invs + [slow]
        for p in invs:
            self.fleet.set_in_rotation(p, INVENTORY, True)
        results = {"healthy baseline (2 instances), latency": [], "1 slow of 3, latency": [],
                   "1 slow of 3, round robin": []}
        slow_share = {k: [] for k in results}

        def run(name, gateway):
            before = {p: self.fleet.product_reads(p) for p in everyone}
            r = load.hey(gateway.url + PRODUCT, rate, workers, self.dur, self.pids([gateway] + everyone))
            counts, total = self.shares(everyone, before)
            share = counts[slow] / total if total else float("nan")
            results[name].append(r)
            slow_share[name].append(share)
            log(f"  rep {rep + 1} {name:40} {r.rps:5.0f} req/s  p50 {r.p50:7.2f}  p99 {r.p99:7.2f} ms"
                f"  slow share {share * 100:5.1f}%  {other_statuses(r)}")

        for rep in range(self.reps):
            self.fleet.set_in_rotation(slow, INVENTORY, False)
            self.fleet.await_routing(gw, invs, idle=[slow])
            if rep == 0:
                self.wrk_warm(gw.url + PRODUCT, label="5 slow, latency-aware gateway")
            run("healthy baseline (2 instances), latency", gw)
            self.fleet.set_in_rotation(slow, INVENTORY, True)
            self.fleet.await_routing(gw, everyone)
            self.fleet.await_routing(rr, everyone)
            if rep == 0:
                self.wrk_warm(rr.url + PRODUCT, label="5 slow, round-robin gateway (slow instance in rotation)")
            run("1 slow of 3, latency", gw)
            run("1 slow of 3, round robin", rr)
        for name, rs in results.items():
            self.report.detail("5 slow", name, rs, f"slow share {fmt(median(slow_share[name]) * 100)}%")
        healthy = median([r.p99 for r in results["healthy baseline (2 instances), latency"]])
        lat = median([r.p99 for r in results["1 slow of 3, latency"]]) / healthy
        rrr = median([r.p99 for r in results["1 slow of 3, round robin"]]) / healthy
        self.report.ratio("5 slow", "p99 latency-aware / healthy p99", lat, "<= 1.5", lat <= 1.5)
        self.report.ratio("5 slow", "p99 round robin / healthy p99", rrr, "-", None)
        self.report.ratio("5 slow", "slow instance's share, latency-aware (%)",
                          median(slow_share["1 slow of 3, latency"]) * 100, "-", None)
        self.report.ratio("5 slow", "slow instance's share, round robin (%)",
                          median(slow_share["1 slow of 3, round robin"]) * 100, "-", None)
        self.fleet.drop("slow", "gw-rr")

    # ------------------------------------------------------------------ 3. orders
    def pgbench_database(self):
        db = self.pg.new_database("pgbench")
        migrations = [
            "order-service/src/main/resources/db/migration/V1__orders_and_sagas.sql",
            "inventory-service/src/main/resources/db/migration/V1__inventory_schema.sql",
            "inventory-service/src/main/resources/db/migration/V2__demo_data.sql",
            "payment-service/src/main/resources/db/migration/V1__accounts_and_payments.sql",
            "payment-service/src/main/resources/db/migration/V2__demo_data.sql",
        ]
        for m in migrations:
            subprocess.run(["psql", "-h", self.pg.host, "-U", self.pg.user, "-d", db, "-v", "ON_ERROR_STOP=1",
                            "-q", "-f", os.path.join(ROOT, m)], check=True, capture_output=True)
        self.pg.psql("CREATE SEQUENCE bench_order_seq; UPDATE product SET on_hand = 100000000; "
                     "UPDATE account SET balance = 1000000000", db)
        return db

    @staticmethod
    def postgres_cpu():
        """CPU seconds of the local PostgreSQL: the postmaster, its live backends, and (cutime, cstime)
        the backends that already exited, such as pgbench's. The whole server, other users' too."""
        try:
            with open(sorted(glob.glob("/var/run/postgresql/*.pid"))[-1]) as f:
                master = int(f.readline())
            with open(f"/proc/{master}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            reaped = (int(fields[13]) + int(fields[14])) / CLK_TCK
            return cpu_seconds([master] + children_of(master)) + reaped
        except (OSError, ValueError, IndexError):
            return float("nan")

    def pgbench(self, db, clients, seconds):
        before = self.postgres_cpu()
        out = subprocess.run(["pgbench", "-h", self.pg.host, "-U", self.pg.user, "-n", "-M", "prepared",
                              "-c", str(clients), "-j", "2", "-T", str(seconds), "-r",
                              "-f", os.path.join(HERE, "scripts", "saga.pgbench"), db],
                             capture_output=True, text=True, check=True).stdout
        cpu = self.postgres_cpu() - before
        import re
        tps = float(re.search(r"tps = ([\d.]+)", out).group(1))
        lat = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))
        failed = int(re.search(r"number of failed transactions: (\d+)", out).group(1))
        done = int(re.search(r"number of transactions actually processed: (\d+)", out).group(1))
        return load.Result(tool="pgbench", rps=tps, p50=lat, p99=float("nan"), requests=done, errors=failed,
                           cpu=cpu, per_cpu=done / cpu if cpu > 0 else float("nan"))

    def scenario_orders(self, clients=8):
        log(f"\n== 3. order throughput: POST /api/orders through the gateway ({clients} connections) vs pgbench")
        jar = os.path.join(ROOT, "order-service", "target", f"order-service-{VERSION}.jar")
        if not os.path.isfile(jar):
            self.report.not_measured("3 orders", "order-service jar missing (it did not build)")
            log("  order-service jar missing: not measured")
            return
        self.fleet.drop("slow", "capped", "gw-rr")
        self.fleet.need({"inv": (INVENTORY, 1, {}), "pay": ("payment-service", 1, {}),
                         "ord": ("order-service", 1, {}), "gw": (GATEWAY, 1, LATENCY)})
        gw = self.one("gw")
        self.fleet.set_in_rotation(self.one("inv"), INVENTORY, True)
        sut = self.fleet.of_kind("inv")[:1] + [self.one("pay"), self.one("ord"), gw]
        # Everything here but the product list needs a token: the admin's reads every account and
        # order, restocks and deposits; each order carries the token of the customer it names.
        admin = self.fleet.bearer("admin")
        deadline = time.monotonic() + 90
        for path in ("/api/products", "/api/accounts/c-1", "/api/orders?size=1"):
            while http_status(gw.url + path, headers=admin) != 200:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the gateway does not route {path}")
                time.sleep(0.5)
        for i in range(1, 11):  # enough stock and money for every order the run can make
            for path, body in ((f"/api/products/SKU-{i}/restock", {"quantity": 1000000}),
                               (f"/api/accounts/c-{i}/deposits", {"amount": 100000000.00})):
                status, _ = http_json(gw.url + path, "POST", body, headers=admin)
                if status // 100 != 2:
                    raise RuntimeError(f"POST {path} with the admin's token answered {status}")
        # The customers' tokens, got once here (valid 1 h), for wrk to read from a file at its start.
        tokens = self.fleet.token_file(CUSTOMERS)
        db = self.pgbench_database()
        script = os.path.join(HERE, "scripts", "orders.lua")
        url = gw.url + "/api/orders"
        run_id = self.pg.run
        windows = iter(range(1000))
        # The saga's code paths run far less often than a GET's: C2 needs minutes at 20-100 orders/s.
        self.warm_until_steady("3 orders", lambda seconds: load.wrk(
            url, clients, seconds, [], script=script, script_args=[f"{run_id}w{next(windows)}", tokens],
            ok=(201, 202)), seconds=10, minimum=60, limit=self.max_warm_orders)
        self.warm_until_steady("3 orders, pgbench", lambda seconds: self.pgbench(db, clients, seconds), minimum=0)
        orders, ceiling = [], []
        cpu_before = self.cpu_by_process(sut)
        pg_spent = 0.0
        for rep in range(self.reps):
            pg_before = self.postgres_cpu()
            r = load.wrk(url, clients, self.dur, self.pids(sut), script=script,
                         script_args=[f"{run_id}r{rep}", tokens], ok=(201, 202))
            pg = self.postgres_cpu() - pg_before
            pg_spent += pg
            r["cpu"] += pg
            r["per_cpu"] = r.requests / r.cpu if r.cpu > 0 else float("nan")
            orders.append(r)
            log(f"  rep {rep + 1} orders  {r.rps:7.1f} orders/s  p50 {r.p50:7.2f}  p99 {r.p99:7.2f} ms"
                f"  {r.per_cpu:6.1f} orders/CPU-s (services + PostgreSQL)  {other_statuses(r, ok=(201, 202))}")
            p = self.pgbench(db, clients, self.dur)
            ceiling.append(p)
            log(f"  rep {rep + 1} pgbench {p.rps:7.1f} orders/s  mean latency {p.p50:7.2f} ms"
                f"  {p.per_cpu:6.1f} orders/CPU-s (PostgreSQL)  failed {p.errors}")
        self.note_cpu_split("orders", sut, cpu_before, {"PostgreSQL": pg_spent})
        self.report.detail("3 orders", f"POST /api/orders, wrk -c{clients}", orders, "CPU: services + PostgreSQL",
                           ok=(201, 202))
        self.report.detail("3 orders", f"pgbench, same SQL, -c{clients}", ceiling,
                           "p50 column = pgbench mean latency; CPU: PostgreSQL")
        ratio = median([r.rps for r in orders]) / median([p.rps for p in ceiling])
        self.report.ratio("3 orders", "orders/s / pgbench ceiling", ratio, ">= 0.3", ratio >= 0.3)
        status = self.pg.psql("SELECT status || '=' || count(*) FROM orders GROUP BY status ORDER BY 1",
                              self.fleet.databases["order-service"]).split()
        self.report.notes.append(f"orders scenario: order states at the end: {', '.join(status)}")
        self.fleet.drop("ord", "pay")

    # ------------------------------------------------------------------ 4. scale-out
    def scenario_scaleout(self):
        # 2 x the permits of 3 instances: all stay busy if the balancer spreads well, while the queue in
        # front of 1 instance stays short.
        conns = CONNECTIONS
        log(f"\n== 4. scale-out: 1, 2, 3 inventory instances, each capped at {CAP_CONCURRENCY} concurrent requests"
            f" + {CAP_DELAY}; wrk -c{conns} through the gateway")
        self.fleet.drop("inv", "slow", "gw-rr", "ord", "pay")
        self.fleet.need({"capped": (INVENTORY, 3, CAPPED), "gw": (GATEWAY, 1, LATENCY)})
        capped, gw = self.fleet.of_kind("capped"), self.one("gw")
        results = {1: [], 2: [], 3: []}
        for rep in range(self.reps):
            for n in (1, 2, 3):
                for i, p in enumerate(capped):
                    self.fleet.set_in_rotation(p, INVENTORY, i < n)
                self.fleet.await_routing(gw, capped[:n], idle=capped[n:])
                if rep == 0:
                    # capped instances: the cap, not the JIT, sets the rate
                    self.warm_until_steady(f"4 scale-out, {n} instance(s)",
                                           lambda seconds: load.wrk(gw.url + PRODUCT, conns, seconds, []), minimum=0)
                r = load.wrk(gw.url + PRODUCT, conns, self.dur, self.pids([gw] + capped[:n]))
                results[n].append(r)
                log(f"  rep {rep + 1} {n} instance(s) {r.rps:7.0f} req/s  p50 {r.p50:7.2f}  p99 {r.p99:7.2f} ms"
                    f"  {r.per_cpu:6.0f} req/CPU-s  {other_statuses(r)}")
        for n, rs in results.items():
            self.report.detail("4 scale-out", f"{n} capped instance(s)", rs)
        one = median([r.rps for r in results[1]])
        two, three = median([r.rps for r in results[2]]) / one, median([r.rps for r in results[3]]) / one
        self.report.ratio("4 scale-out", "throughput 2 / 1 instances", two, ">= 1.9", two >= 1.9)
        self.report.ratio("4 scale-out", "throughput 3 / 1 instances", three, ">= 2.8", three >= 2.8)
        self.fleet.drop("capped")

    # ------------------------------------------------------------------ 6. footprint
    def scenario_footprint(self):
        log("\n== 6. footprint: ./orderly up (embedded H2, one instance each), then ./orderly down")
        self.record_rss("bench (after its load)")
        self.fleet.drop("inv", "slow", "capped", "gw", "gw-rr", "ord", "pay", "auth", "discovery")
        self.fleet.discovery = self.fleet.auth = None
        busy = [p for p in (8761, 9000, 8080, 8081, 8082, 8083)
                if http_status(f"http://127.0.0.1:{p}/", 0.5) != -1]
        if busy:
            self.report.not_measured("6 footprint",
                                     f"ports {busy} in use: ./orderly up needs 8761, 9000, 8080-8083")
            return
        self.orderly_run_dir = os.path.join(self.workdir, "orderly-run")
        archives = [os.path.join(ROOT, m, "target", "app", f"{m}.jsa") for m in MODULES]
        # A: plain jars (ORDERLY_CDS=0). B: extracted jars with class-data archives; when they are
        # missing (first start after a build) a start-and-stop writes them first, not measured.
        plain = self.orderly_up("plain jars (ORDERLY_CDS=0)", {"ORDERLY_CDS": "0"})
        if plain is None:
            return
        if not all(os.path.exists(a) for a in archives):
            if self.orderly_up("first start with CDS (writes the archives at ./orderly down)", {}) is None:
                return
        cds = self.orderly_up("class-data sharing (archives present)", {})
        if cds is None:
            return
        for (wall, ready, rss), how in ((plain, "./orderly up, plain jars"), (cds, "./orderly up, CDS")):
            for name in rss:
                self.report.footprint.append((name, ready.get(name), rss[name], how))
        self.report.ratio("6 footprint", "./orderly up until the gateway routes everything, plain jars (s)",
                          plain[0], "<= 30 s", plain[0] <= 30)
        self.report.ratio("6 footprint", "./orderly up until the gateway routes everything, CDS (s)", cds[0],
                          "<= 30 s", cds[0] <= 30)
        self.report.ratio("6 footprint", "RSS of the whole system, plain jars (MB)", sum(plain[2].values()),
                          "< 1536 MB", sum(plain[2].values()) < 1536)
        self.report.ratio("6 footprint", "RSS of the whole system, CDS (MB)", sum(cds[2].values()), "< 1536 MB",
                          sum(cds[2].values()) < 1536)

    def orderly_up(self, label, extra_env):
        """./orderly up in a private run directory, then status and down: (seconds until the gateway
        routes everything, ready seconds by process, RSS MB by process), or None when it failed."""
        import re
        env = dict(os.environ, ORDERLY_RUN_DIR=self.orderly_run_dir, **extra_env)
        up = subprocess.run([os.path.join(ROOT, "orderly"), "up"], env=env, capture_output=True, text=True)
        if "building" in up.stdout:
            self.report.notes.append("footprint: ./orderly up rebuilt stale jars first (not counted in its time)")
        if up.returncode != 0:
            log(up.stdout + up.stderr)
            self.report.not_measured("6 footprint", f"./orderly up ({label}) failed (see the log above)")
            self.orderly_down()
            return None
        wall = float(re.search(r"Orderly is up in (\d+) s", up.stdout).group(1))  # after its build step
        ready = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\S+)\s+ready in\s+([\d.]+) s", up.stdout, re.M)}
        status = subprocess.run([os.path.join(ROOT, "orderly"), "status"], env=env, capture_output=True,
                                text=True).stdout
        rss = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\S+)\s+pid \S+.*\srss\s+(\d+) MB$", status, re.M)}
        log(f"  {label}: routes everything {wall:.0f} s after the start, RSS {sum(rss.values()):.0f} MB")
        self.orderly_down(env)
        return wall, ready, rss

    def orderly_down(self, env=None):
        if self.orderly_run_dir and os.path.isdir(os.path.join(self.orderly_run_dir, "pids")):
            subprocess.run([os.path.join(ROOT, "orderly"), "down"], capture_output=True,
                           env=env or dict(os.environ, ORDERLY_RUN_DIR=self.orderly_run_dir))

    # ------------------------------------------------------------------ run
    def run(self, scenarios):
        started = datetime.datetime.now().astimezone()
        t0 = time.monotonic()
        for module in MODULES + (FAULT_INJECTION,):
            if os.path.exists(os.path.join(ROOT, module, "target", f"{module}-{VERSION}.jar")):
                self.procs.jar(module)  # private copies, taken before anything starts
        self.fleet.ensure_discovery()
        self.fleet.ensure_auth()
        for s in scenarios:
            try:
                getattr(self, "scenario_" + s)()
            except (RuntimeError, subprocess.CalledProcessError) as e:
                detail = e.stderr if isinstance(e, subprocess.CalledProcessError) and e.stderr else e
                log(f"  scenario {s} failed: {detail}")
                self.report.not_measured(s, f"failed: {str(detail).strip()[:200]}")
        if "footprint" not in scenarios:
            self.record_rss("bench (after its load)")
        self.report.notes.extend(f"warm-up {w}" for w in self.warmups)
        elapsed = time.monotonic() - t0
        header = machine_header(started, elapsed, self.args, self.reps, self.dur)
        text = header + "\n\n" + self.report.markdown()
        log("\n" + text)
        out = os.path.join(self.workdir, "results.md")
        with open(out, "w") as f:
            f.write(text + "\n")
        log(f"\nresults: {out}  logs: {self.procs.logdir}")

    def cleanup(self):
        self.procs.stop_all()
        self.orderly_down()
        self.pg.drop_all()


def machine_header(started, elapsed, args, reps, dur):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    java = subprocess.run([os.path.join(os.environ["JAVA_HOME"], "bin", "java"), "-version"], capture_output=True,
                          text=True).stderr.splitlines()[0]
    load1 = os.getloadavg()
    return (f"Orderly benchmarks, {started:%Y-%m-%d %H:%M %Z}, {elapsed / 60:.1f} min; "
            f"{os.cpu_count()} CPUs ({cpu}), {mem:.1f} GiB, {java}, {platform.system()} {platform.release()}; "
            f"JVM options: {args.java_opts}; {reps} repetition(s) of {dur} s, medians; "
            f"jars: {os.environ.get('BENCH_JARS') or 'target/'}; "
            f"load average at the end {load1[0]:.1f} {load1[1]:.1f} {load1[2]:.1f}")


def main():
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__)
    ap.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                    help=f"any of {', '.join(SCENARIOS)} (default: all; always run in that order)")
    ap.add_argument("--quick", action="store_true", help="1 repetition of 3 s: a smoke test, not numbers")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per variant (default 3)")
    ap.add_argument("--seconds", type=int, default=6, help="seconds per measurement (default 6)")
    ap.add_argument("--max-warm", type=int, default=16,
                    help="longest warm-up of an HTTP scenario in s (default 16; it ends sooner once steady)")
    ap.add_argument("--max-warm-orders", type=int, default=90,
                    help="longest warm-up of the orders scenario in s (default 90; sooner once steady)")
    ap.add_argument("--java-opts", default=os.environ.get("BENCH_JAVA_OPTS", "-XX:+UseSerialGC -Xms64m -Xmx384m"))
    args = ap.parse_args()
    unknown = [s for s in args.scenarios if s not in SCENARIOS]
    if unknown:
        ap.error(f"unknown scenario(s) {unknown}: choose from {', '.join(SCENARIOS)}")
    scenarios = [s for s in SCENARIOS if s in args.scenarios] or SCENARIOS
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="orderly-bench-")
    os.makedirs(workdir, exist_ok=True)
    bench = Bench(args, workdir)

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    try:
        bench.run(scenarios)
    except KeyboardInterrupt:
        log("\ninterrupted: stopping everything")
        raise SystemExit(130)
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the cleanup short
        bench.cleanup()


if __name__ == "__main__":
    main()
