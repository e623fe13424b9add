#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: the hottest leaf frames, and the share of samples
whose stack passes through each of a few frameworks (inclusive). Usage:
    bench/scripts/jfr-top.py recording.jfr [N]
Uses $JAVA_HOME/bin/jfr (the JDK that recorded). Record with -XX:StartFlightRecording=filename=out.jfr,settings=profile (BENCH_JAVA_OPTS)."""
import collections
import os
import re
import subprocess
import sys

GROUPS = [
    ("orderly", "io.orderly."),
    ("gateway filters", "org.springframework.cloud.gateway."),
    ("loadbalancer (Spring Cloud)", "org.springframework.cloud.loadbalancer."),
    ("circuit breaker / resilience4j", "io.github.resilience4j."),
    ("micrometer", "io.micrometer."),
    ("reactor-netty", "reactor.netty."),
    ("netty", "io.netty."),
    ("reactor-core", "reactor.core."),
    ("jackson", "tools.jackson."),
    ("eureka", "com.netflix."),
    ("logging", "ch.qos.logback."),
    ("spring web", "org.springframework.web."),
    ("hibernate", "org.hibernate."),
    ("spring data / tx / orm", "org.springframework.data."),
    ("PostgreSQL JDBC", "org.postgresql."),
    ("HikariCP", "com.zaxxer.hikari."),
    ("H2", "org.h2."),
    ("JDK HTTP client", "jdk.internal.net.http."),
    ("tomcat", "org.apache.tomcat."),
    ("catalina / coyote", "org.apache.catalina."),
    ("coyote", "org.apache.coyote."),
    ("spring core / aop", "org.springframework."),
]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    home = os.environ.get("JAVA_HOME", "")
    jfr = os.path.join(home, "bin", "jfr") if home and os.path.exists(os.path.join(home, "bin", "jfr")) else "jfr"
    text = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                          capture_output=True, text=True, check=True).stdout
    samples = text.split("jdk.ExecutionSample")
    leaves = collections.Counter()
    inclusive = collections.Counter()
    owner = collections.Counter()
    total = 0
    for sample in samples:
        frames = re.findall(r"^\s+([\w$.<>]+)\(", sample, re.M)
        if not frames:
            continue
        total += 1
        leaves[frames[0]] += 1
        for name, prefix in GROUPS:
            if any(f.startswith(prefix) for f in frames):
                inclusive[name] += 1
        # "self": the first framework frame met walking up from the leaf owns the sample
        for f in frames:
            group = next((name for name, prefix in GROUPS if f.startswith(prefix)), None)
            if group:
                owner[group] += 1
                break
        else:
            owner["JDK only"] += 1
    print(f"{total} CPU samples in {path}")
    print("\ninclusive share by framework (a sample counts for every framework on its stack):")
    for name, count in inclusive.most_common():
        print(f"  {100.0 * count / total:5.1f}%  {name}")
    print("\nself share (the nearest framework frame above the leaf owns the sample):")
    for name, count in owner.most_common():
        print(f"  {100.0 * count / total:5.1f}%  {name}")
    print(f"\ntop {top} leaf frames:")
    for frame, count in leaves.most_common(top):
        print(f"  {100.0 * count / total:5.1f}%  {frame}")


if __name__ == "__main__":
    main()
