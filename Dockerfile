# syntax=docker/dockerfile:1
#
# One recipe for every Orderly service image, built from source:
#   docker build --build-arg SERVICE=inventory-service --build-arg PORT=8081 -t orderly/inventory-service .
# docker-compose.yml passes SERVICE and PORT for each service; docs/deployment.md explains the layers.

ARG JDK_IMAGE=eclipse-temurin:21-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:21-jre-noble

# ---- build: the Maven reactor builds the service and the modules it needs (problem-types, web-problems, load-balancer, ...)
FROM ${JDK_IMAGE} AS build
ARG SERVICE
WORKDIR /workspace
COPY . .
# The cache mount keeps ~/.m2 (and the Maven the wrapper downloads) between builds, so a code
# change does not download the dependencies again. Tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${SERVICE}" && test -f "${SERVICE}/pom.xml" \
      || { echo "build with --build-arg SERVICE=<module>, e.g. SERVICE=inventory-service" >&2; exit 1; }; \
    sh ./mvnw -B -ntp -pl "${SERVICE}" -am -Dmaven.test.skip=true -Dspotless.check.skip=true package \
    && cp "${SERVICE}/target/${SERVICE}"-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

# ---- runtime: a JRE, the four Spring Boot layers (least to most often changed), a non-root user
FROM ${JRE_IMAGE}
ARG SERVICE
ARG PORT=8080
LABEL org.opencontainers.image.title="${SERVICE}"
RUN groupadd --system --gid 10001 orderly \
    && useradd --system --uid 10001 --gid orderly --home-dir /app --no-create-home --shell /usr/sbin/nologin orderly
WORKDIR /app
# Files stay owned by root: the service reads its classes and never writes beside them.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
USER 10001:10001
# Heap as a share of the container's memory limit (not of the host's): 60% leaves room for
# metaspace, thread stacks, direct buffers and the code cache. An OutOfMemoryError ends the JVM
# so that the orchestrator restarts a clean instance. Override with JAVA_TOOL_OPTIONS.
ENV SERVER_PORT=${PORT} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=30 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT}
# The temurin Ubuntu images ship wget (and curl); the check follows SERVER_PORT if it is overridden.
HEALTHCHECK --interval=5s --timeout=3s --start-period=90s --retries=3 \
    CMD wget -q -O /dev/null "http://127.0.0.1:${SERVER_PORT}/actuator/health/readiness" || exit 1
# Exec form: the JVM is PID 1 and gets SIGTERM itself, so Spring's graceful shutdown runs.
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
