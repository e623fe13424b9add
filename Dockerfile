# One recipe for every Orderly service image. By default it builds the service from source, so that
# Docker is all a user needs:
#   docker build --build-arg SERVICE=inventory-service --build-arg PORT=8081 -t orderly/inventory-service .
# With JAR_FROM=target it packs the jar that Maven already built instead (./mvnw package first):
#   docker build --build-arg SERVICE=inventory-service --build-arg PORT=8081 --build-arg JAR_FROM=target ...
# Needs BuildKit (the default builder of Docker 23+; DOCKER_BUILDKIT=1 before). docker-compose.yml
# passes SERVICE and PORT for each service; docs/deployment.md explains the layers.

ARG JDK_IMAGE=eclipse-temurin:21-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:21-jre-noble
# source: Maven builds the jar inside the image build; target: <SERVICE>/target/<SERVICE>-*.jar.
ARG JAR_FROM=source

# ---- jar-from-source: the Maven reactor builds the service and the modules it needs (problem-types, web-problems, load-balancer, ...)
FROM ${JDK_IMAGE} AS jar-from-source
ARG SERVICE
WORKDIR /workspace
COPY . .
# The cache mount keeps ~/.m2 (and the Maven the wrapper downloads) between builds, so a code
# change does not download the dependencies again. Tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${SERVICE}" && test -f "${SERVICE}/pom.xml" \
      || { echo "build with --build-arg SERVICE=<module>, e.g. SERVICE=inventory-service" >&2; exit 1; }; \
    sh ./mvnw -B -ntp -pl "${SERVICE}" -am -Dmaven.test.skip=true -Dspotless.check.skip=true package \
    && cp "${SERVICE}/target/${SERVICE}"-*.jar /application.jar

# ---- jar-from-target: the jar built by Maven before the image (.dockerignore lets only these jars in)
FROM ${JDK_IMAGE} AS jar-from-target
ARG SERVICE
COPY ${SERVICE}/target/${SERVICE}-*.jar /application.jar

# ---- layers: the jar split into the four Spring Boot layers, whichever way it was made
FROM jar-from-${JAR_FROM} AS layers
WORKDIR /workspace
RUN java -Djarmode=tools -jar /application.jar extract --layers --launcher --destination extracted

# ---- runtime: a JRE, the four Spring Boot layers (least to most often changed), a non-root user
FROM ${JRE_IMAGE}
ARG SERVICE
ARG PORT=8080
LABEL org.opencontainers.image.title="${SERVICE}"
RUN groupadd --system --gid 10001 orderly \
    && useradd --system --uid 10001 --gid orderly --home-dir /app --no-create-home --shell /usr/sbin/nologin orderly
WORKDIR /app
# Files stay owned by root: the service reads its classes and never writes beside them.
COPY --from=layers /workspace/extracted/dependencies/ ./
COPY --from=layers /workspace/extracted/spring-boot-loader/ ./
COPY --from=layers /workspace/extracted/snapshot-dependencies/ ./
COPY --from=layers /workspace/extracted/application/ ./
USER 10001:10001
# Heap as a share of the container's memory limit (not of the host's): 60% leaves room for
# metaspace, thread stacks, direct buffers and the code cache. An OutOfMemoryError ends the JVM
# so that the orchestrator restarts a clean instance. Override with JAVA_TOOL_OPTIONS.
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=30 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
# The temurin Ubuntu images ship wget (and curl); the check follows SERVER_PORT if it is overridden.
# The start period only forgives failed checks (the first passing one makes the container healthy):
# it is long because a JPA service took 110 s to start on a loaded 2-core machine, and with 90 s
# compose's health-gated start gave up on it.
HEALTHCHECK --interval=5s --timeout=3s --start-period=300s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness" || exit 1
# Exec form: the JVM is PID 1 and gets SIGTERM itself, so Spring's graceful shutdown runs.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
