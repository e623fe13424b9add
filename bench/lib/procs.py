"""Processes the benchmark starts: every one is recorded by PID and stopped by PID on exit."""
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERSION = "0.1.0-SNAPSHOT"
CLK_TCK = os.sysconf("SC_CLK_TCK")
FAULT_INJECTION = "fault-injection"
PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(url, timeout=2.0, headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except (OSError, ValueError):
        return -1


def http_json(url, method="GET", body=None, timeout=5.0, headers=None):
    import json
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            text = r.read()
            return r.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as e:
        return e.code, None


def cpu_seconds(pids):
    """utime + stime of the processes (their threads included), in seconds."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15 of stat)
        except (OSError, IndexError, ValueError):
            pass
    return total / CLK_TCK


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def children_of(pid):
    """Direct children of a process (nginx workers), from /proc."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        out.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return out


class Proc:
    """One process this benchmark started."""

    def __init__(self, name, popen, port, log, kind=None, management_port=None):
        self.name = name
        self.popen = popen
        self.pid = popen.pid
        self.port = port
        self.management_port = management_port
        self.log = log
        self.kind = kind
        self.started = time.monotonic()
        self.ready_seconds = None
        self.ready_path = "/actuator/health/readiness"  # what await_ready waits for

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def management_url(self):
        """Where a service's metrics answer: its main port serves /actuator/health only."""
        return f"http://127.0.0.1:{self.management_port}"

    def alive(self):
        return self.popen.poll() is None

    def pids(self):
        return [self.pid] + children_of(self.pid)


class Processes:
    """Starts processes, records their PIDs in a file (for the shell trap), stops them by PID."""

    def __init__(self, workdir, java_opts):
        self.workdir = workdir
        self.java_opts = java_opts.split()
        self.logdir = os.path.join(workdir, "logs")
        os.makedirs(self.logdir, exist_ok=True)
        self.pidfile = os.path.join(workdir, "pids")
        self.running = []
        self.java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
        self.jardir = os.path.join(workdir, "jars")
        os.makedirs(self.jardir, exist_ok=True)

    def jar(self, module):
        """A private copy of the module's jar: others rebuild target/ while a run goes on, and a JVM
        whose jar is overwritten under it fails to load classes (NoClassDefFoundError)."""
        copy = os.path.join(self.jardir, f"{module}.jar")
        if not os.path.exists(copy):
            # BENCH_JARS=DIR runs another build's jars (DIR/<module>-<version>.jar), e.g. a copy of
            # the jars before a change, for a before/after comparison on the same machine.
            source = os.path.join(os.environ["BENCH_JARS"], f"{module}-{VERSION}.jar") \
                if os.environ.get("BENCH_JARS") else os.path.join(ROOT, module, "target", f"{module}-{VERSION}.jar")
            for _ in range(10):
                shutil.copyfile(source, copy + ".tmp")
                try:
                    with zipfile.ZipFile(copy + ".tmp") as z:
                        z.getinfo("META-INF/MANIFEST.MF")
                    os.replace(copy + ".tmp", copy)
                    break
                except (zipfile.BadZipFile, KeyError):
                    time.sleep(3)  # caught mid-rebuild: try again
            else:
                raise RuntimeError(f"{source} is not a readable jar")
        return copy

    def _record(self):
        with open(self.pidfile, "w") as f:
            for p in self.running:
                f.write(f"{p.pid}\n")

    def start(self, name, argv, env=None, port=None, kind=None, management_port=None):
        log = os.path.join(self.logdir, name + ".log")
        full_env = dict(os.environ)
        full_env.update(env or {})
        with open(log, "ab") as out:
            popen = subprocess.Popen(argv, env=full_env, stdout=out, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        p = Proc(name, popen, port, log, kind, management_port)
        self.running.append(p)
        self._record()
        return p

    def start_jar(self, name, module, env, kind=None, fault_injection=False, port=None, ready_path=None):
        """Runs the module's jar. With fault_injection, the fault-injection jar (which no service jar
        contains) joins its classpath through Spring Boot's loader.path, so that ORDERLY_FAULT_* take
        effect; `java -jar` runs the JarLauncher, which ignores loader.path, so PropertiesLauncher."""
        port, management_port = port or free_port(), free_port()
        jar = self.jar(module)
        e = {"SERVER_PORT": str(port), "MANAGEMENT_SERVER_PORT": str(management_port)}
        e.update(env)
        if fault_injection:
            launch = [f"-Dloader.path={self.jar(FAULT_INJECTION)}", "-cp", jar, PROPERTIES_LAUNCHER]
        else:
            launch = ["-jar", jar]
        p = self.start(name, [self.java] + self.java_opts + launch, e, port, kind, management_port)
        p.ready_path = ready_path or p.ready_path
        return p

    def await_ready(self, procs, timeout=240):
        deadline = time.monotonic() + timeout
        pending = [p for p in procs if p.ready_seconds is None]
        while pending:
            for p in list(pending):
                if not p.alive():
                    raise RuntimeError(f"{p.name} exited; see {p.log}")
                if http_status(p.url + p.ready_path, 1.0) == 200:
                    p.ready_seconds = time.monotonic() - p.started
                    pending.remove(p)
            if pending:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{[p.name for p in pending]} not ready after {timeout}s")
                time.sleep(0.25)

    def stop(self, p, timeout=25):
        if p.alive():
            try:
                os.kill(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.popen.wait(10)
        if p in self.running:
            self.running.remove(p)
            self._record()

    def stop_many(self, procs):
        for p in procs:  # SIGTERM all first: they drain in parallel
            if p.alive():
                try:
                    os.kill(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for p in procs:
            self.stop(p)

    def stop_all(self):
        self.stop_many(list(reversed(self.running)))
