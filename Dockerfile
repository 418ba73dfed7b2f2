# The tracker image: one jar for every role (ROLE picks). The jar is built in a Maven stage (tests run in CI,
# not here) and runs on a JRE 17 as an unprivileged user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY sql sql
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl for the compose healthchecks (/observe/health/live)
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin tracker
WORKDIR /app
COPY --from=build /src/target/usde-tracker.jar /app/usde-tracker.jar
RUN mkdir -p /app/data && chown tracker /app/data
USER tracker
ENV DATA_DIR=/app/data
EXPOSE 8080 8081
# exec form: java is PID 1 and receives SIGTERM itself, so a stop lets workers finish the chunk in hand
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/usde-tracker.jar"]
