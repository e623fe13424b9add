"""The services a scenario needs, started from the packaged jars on fresh PostgreSQL databases."""
import base64
import os
import shutil
import subprocess
import time
import urllib.request
import uuid

from .procs import free_port, http_json, http_status
from .tokens import access_token

GATEWAY_RATE_LIMITS = {"ORDERLY_GATEWAY_RATE_LIMIT": "100000", "ORDERLY_GATEWAY_RATE_BURST": "100000"}
PRODUCT_METRIC = "/actuator/metrics/http.server.requests?tag=uri:/api/products/%7Bsku%7D"

# The registry's one user, given to discovery-service and carried by every client in EUREKA_URL;
# Eureka's REST API answers 401 without it. A benchmark's own, not the development default.
EUREKA_USER, EUREKA_PASSWORD = "orderly-bench", "bench-registry-password"
EUREKA_AUTH = {"Authorization": "Basic " + base64.b64encode(f"{EUREKA_USER}:{EUREKA_PASSWORD}".encode()).decode()}

# auth-service: every call under /api but product reads needs one of its JWTs. The benchmark's own
# demo passwords and client secret, not the development defaults; tokens valid 1 h (the most it
# allows), longer than any run uses one (Fleet.token renews one after TOKEN_RENEW_AFTER).
CUSTOMERS = [f"c-{i}" for i in range(1, 11)]  # the demo data's customers, c-1 .. c-10
CUSTOMER_PASSWORD, ADMIN_PASSWORD = "bench-customer-password", "bench-admin-password"
ORDER_SERVICE_SECRET = "bench-order-service-secret"
TOKEN_TTL, TOKEN_RENEW_AFTER = "1h", 1800


class Postgres:
    """Fresh databases on the local server, created with psql and dropped at the end."""

    def __init__(self, host="127.0.0.1", port=5432, user="postgres"):
        self.host, self.port, self.user = host, port, user
        self.run = uuid.uuid4().hex[:6]
        self.created = []

    def psql(self, sql, db="postgres"):
        return subprocess.run(["psql", "-h", self.host, "-p", str(self.port), "-U", self.user, "-d", db,
                               "-v", "ON_ERROR_STOP=1", "-qtAc", sql],
                              capture_output=True, text=True, check=True).stdout

    def new_database(self, label):
        name = f"orderly_bench_{label}_{self.run}"
        self.psql(f"CREATE DATABASE {name}")
        self.created.append(name)
        return name

    def jdbc(self, name):
        return f"jdbc:postgresql://{self.host}:{self.port}/{name}"

    def env(self, name):
        return {"SPRING_DATASOURCE_URL": self.jdbc(name), "SPRING_DATASOURCE_USERNAME": self.user,
                "SPRING_DATASOURCE_PASSWORD": ""}

    def drop_all(self):
        for name in self.created:
            try:
                self.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            except subprocess.CalledProcessError as e:
                print(f"  could not drop {name}: {e.stderr.strip()}")
        self.created = []


class Fleet:
    """Starts what is asked for and stops what is no longer wanted, by kind."""

    def __init__(self, procs, pg, log):
        self.procs = procs
        self.pg = pg
        self.log = log
        self.discovery = None
        self.auth = None
        self.tokens = {}  # user -> (access token, monotonic time obtained)
        self.databases = {}
        self.counter = 0

    # --- processes -----------------------------------------------------------------------
    def of_kind(self, kind):
        return [p for p in self.procs.running if p.kind == kind]

    def ensure_discovery(self):
        if self.discovery is None:
            credentials = {"ORDERLY_EUREKA_USER": EUREKA_USER, "ORDERLY_EUREKA_PASSWORD": EUREKA_PASSWORD}
            self.discovery = self.procs.start_jar("discovery-service", "discovery-service", credentials,
                                                  kind="discovery")
            self.procs.await_ready([self.discovery])
            self.log(f"  started discovery-service (ready in {self.discovery.ready_seconds:.1f} s)")
        return self.discovery

    def registry_env(self):
        address = self.ensure_discovery().url.removeprefix("http://")
        return {"EUREKA_URL": f"http://{EUREKA_USER}:{EUREKA_PASSWORD}@{address}/eureka/",
                "EUREKA_INSTANCE_IP_ADDRESS": "127.0.0.1"}

    def signing_key(self):
        """A PKCS#8 PEM RSA key for auth-service, written with openssl into the work directory; None
        without openssl (auth-service then generates one at start, enough for its one instance)."""
        key = os.path.join(self.procs.workdir, "auth", "signing-key.pem")
        if not os.path.exists(key):
            if shutil.which("openssl") is None:
                self.log("  no openssl: auth-service generates its own signing key")
                return None
            os.makedirs(os.path.dirname(key), mode=0o700, exist_ok=True)
            subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048",
                            "-out", key], check=True, capture_output=True)
            os.chmod(key, 0o600)
        return key

    def ensure_auth(self):
        """auth-service on a port of its own; its issuer (the `iss` of its tokens) names that port."""
        if self.auth is None:
            port = free_port()
            env = dict(self.registry_env())
            env.update({"ORDERLY_AUTH_ISSUER": f"http://127.0.0.1:{port}",
                        "ORDERLY_AUTH_CUSTOMER_PASSWORD": CUSTOMER_PASSWORD,
                        "ORDERLY_AUTH_ADMIN_PASSWORD": ADMIN_PASSWORD,
                        "ORDERLY_AUTH_ORDER_SERVICE_SECRET": ORDER_SERVICE_SECRET,
                        "ORDERLY_AUTH_CUSTOMERS": str(len(CUSTOMERS)),
                        "ORDERLY_AUTH_ACCESS_TOKEN_TTL": TOKEN_TTL})
            key = self.signing_key()
            if key:
                env["ORDERLY_AUTH_SIGNING_KEY"] = key
            self.auth = self.procs.start_jar("auth-service", "auth-service", env, kind="auth", port=port)
            self.tokens = {}
            self.procs.await_ready([self.auth])
            self.log(f"  started auth-service on :{port} (ready in {self.auth.ready_seconds:.1f} s)")
        return self.auth

    def auth_env(self):
        """For the gateway and every service: auth-service's keys, the issuer they trust, and (for
        order-service) where and how to get the service token of the participant calls."""
        auth = self.ensure_auth()
        return {"ORDERLY_AUTH_JWKS_URL": f"{auth.url}/oauth2/jwks", "ORDERLY_AUTH_ISSUER": auth.url,
                "ORDERLY_AUTH_TOKEN_URL": f"{auth.url}/oauth2/token",
                "ORDERLY_AUTH_ORDER_SERVICE_SECRET": ORDER_SERVICE_SECRET}

    def token(self, user):
        """USER's access token (c-1 .. c-10 or admin), by the code flow with PKCE; kept, and renewed
        when half its lifetime is gone, so that none expires during a measurement that follows."""
        held = self.tokens.get(user)
        if held is None or time.monotonic() - held[1] > TOKEN_RENEW_AFTER:
            password = ADMIN_PASSWORD if user == "admin" else CUSTOMER_PASSWORD
            held = (access_token(self.ensure_auth().url, user, password), time.monotonic())
            self.tokens[user] = held
        return held[0]

    def bearer(self, user):
        return {"Authorization": "Bearer " + self.token(user)}

    def token_file(self, users):
        """The users' tokens, one "USER TOKEN" line each, in a file only this user may read: for a
        wrk script (never on a command line, where ps would show them)."""
        path = os.path.join(self.procs.workdir, "auth", "tokens")
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        fd = os.open(path + ".tmp", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            for user in users:
                f.write(f"{user} {self.token(user)}\n")
        os.replace(path + ".tmp", path)
        return path

    def database(self, service):
        if service not in self.databases:
            self.databases[service] = self.pg.new_database(service.split("-")[0])
        return self.databases[service]

    def _start_service(self, kind, module, extra=None):
        self.counter += 1
        env = dict(self.registry_env())
        env.update(self.auth_env())
        if module != "gateway-service":
            env.update(self.pg.env(self.database(module)))
        else:
            # All the load comes from 127.0.0.1, one client to the gateway's rate limiter (50/s by
            # default): a benchmark measures the services, not the limit.
            env.update(GATEWAY_RATE_LIMITS)
        env.update(extra or {})
        # A fault (ORDERLY_FAULT_*) takes effect only with the fault-injection jar on the classpath.
        faults = any(name.startswith("ORDERLY_FAULT_") for name in (extra or {}))
        # A gateway is ready only once every service it routes to (orders and payments too) has an
        # instance (its RouteInstancesHealthIndicator), and most scenarios start inventory only: wait
        # until it is live; await_routing, or the orders scenario's route check, then waits for routing.
        ready_path = "/actuator/health/liveness" if module == "gateway-service" else None
        return self.procs.start_jar(f"{kind}-{self.counter}", module, env, kind=kind, fault_injection=faults,
                                    ready_path=ready_path)

    def need(self, spec):
        """spec: kind -> (module, count, extra env). Starts missing ones together, then waits for all."""
        started = []
        for kind, (module, count, extra) in spec.items():
            have = self.of_kind(kind)
            for p in have[count:]:
                self.log(f"  stopping {p.name}")
                self.procs.stop(p)
            for _ in range(count - len(have)):
                started.append(self._start_service(kind, module, extra))
        if started:
            self.procs.await_ready(started)
            for p in started:
                self.log(f"  started {p.name} on :{p.port} (ready in {p.ready_seconds:.1f} s)")
        return started

    def drop(self, *kinds):
        victims = [p for p in self.procs.running if p.kind in kinds]
        for p in victims:
            self.log(f"  stopping {p.name}")
        self.procs.stop_many(victims)

    # --- Eureka status overrides: take an instance out of rotation without stopping it -------
    def eureka_instances(self, app):
        status, body = http_json(f"{self.discovery.url}/eureka/apps/{app.upper()}", headers=EUREKA_AUTH)
        if status != 200 or not body:
            return []
        inst = body["application"]["instance"]
        return inst if isinstance(inst, list) else [inst]

    def set_in_rotation(self, proc, app, in_rotation):
        for inst in self.eureka_instances(app):
            if int(inst["port"]["$"]) == proc.port:
                base = f"{self.discovery.url}/eureka/apps/{app.upper()}/{inst['instanceId']}/status"
                if in_rotation:
                    req = urllib.request.Request(base + "?value=UP", method="DELETE", headers=EUREKA_AUTH)
                else:
                    req = urllib.request.Request(base + "?value=OUT_OF_SERVICE", method="PUT", headers=EUREKA_AUTH)
                urllib.request.urlopen(req, timeout=5).read()
                return
        raise RuntimeError(f"{proc.name} is not registered")

    # --- who served what -----------------------------------------------------------------
    @staticmethod
    def product_reads(proc):
        status, body = http_json(proc.management_url + PRODUCT_METRIC)
        if status == 404:
            return 0
        for m in body["measurements"]:
            if m["statistic"] == "COUNT":
                return int(m["value"])
        return 0

    def await_routing(self, gateway, serving, idle=(), timeout=60, path="/api/products/SKU-1"):
        """Sends reads through the gateway until every `serving` instance has answered some (a
        latency-aware gateway may probe a slow one only once) and no `idle` one answered any in
        two rounds in a row (the gateway's view of the registry has settled)."""
        deadline = time.monotonic() + timeout
        start = {p: self.product_reads(p) for p in serving}
        quiet_rounds = 0
        while True:
            before = {p: self.product_reads(p) for p in idle}
            for _ in range(12 * max(1, len(serving))):
                http_status(gateway.url + path, 10)
            served = {p: self.product_reads(p) - start[p] for p in serving}
            leaked = {p: self.product_reads(p) - before[p] for p in idle}
            quiet_rounds = quiet_rounds + 1 if all(n == 0 for n in leaked.values()) else 0
            if all(n > 0 for n in served.values()) and quiet_rounds >= 2:
                return
            if time.monotonic() > deadline:
                state = [(p.name, n) for p, n in list(served.items()) + list(leaked.items())]
                raise RuntimeError(f"{gateway.name} does not route as wanted: {state}")
            time.sleep(0.5)
