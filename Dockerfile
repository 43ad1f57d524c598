# The webhook image: `./mvnw -B package -DskipTests && docker build -t celador:0.1.0 .`
# (deploy/deployment.yaml names celador:0.1.0; retag and update it for your registry).
# Java 25 runs the Java 17 bytecode the build makes, and starts faster from an AOT cache (below).
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY target/quarkus-app/lib/ /app/lib/
COPY target/quarkus-app/*.jar /app/
COPY target/quarkus-app/app/ /app/app/
COPY target/quarkus-app/quarkus/ /app/quarkus/
# The AOT cache (bin/class-archive): a training start of this image's own JVM on the shipped
# policies writes the classes it loaded and linked, and the profiles of the code it ran, to
# /app/celador.aot, which every start then maps (Java 25: JEP 483, 514, 515; the archive the Maven
# build makes fits only the JVM it ran on, so it is not copied). It uses the base image's curl and
# openssl; without them the image has no cache and the JVM starts without one, only slower. The
# same start writes /app/compile-cache-seed, the shipped policies' type-checked expressions, which a
# new pod starts from (its own cache lives in /tmp).
COPY bin/class-archive /tmp/class-archive/
COPY policies/ /tmp/class-archive/policies/
COPY src/test/resources/webhook/reviews/ /tmp/class-archive/reviews/
RUN CLASS_ARCHIVE_JAVA_OPTS="-XX:MaxRAM=512m -XX:MaxRAMPercentage=75 -XX:+UseSerialGC" \
      /tmp/class-archive/class-archive /app /tmp/class-archive/policies /tmp/class-archive/reviews \
    && rm -rf /tmp/class-archive
USER 10001
EXPOSE 8443
# Serial GC: the live heap is small (27 MB with 1,000 policies loaded), and G1's remembered sets
# and eager heap growth kept RSS above 300 MB under load (bench/README.md).
# JVM warnings go to stderr, as in bin/celador; the AOT cache's own (Java 25.0.3 reports adapters it
# could not link from the cache, harmless) only when they are errors. Netty and protobuf still use
# sun.misc.Unsafe, which Java 24+ warns about once (JEP 498).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-XX:AOTCache=/app/celador.aot", \
            "--sun-misc-unsafe-memory-access=allow", "-Dcelador.compile-cache.seed=/app/compile-cache-seed", \
            "-Xlog:disable", "-Xlog:all=warning:stderr", "-Xlog:aot*=error:stderr", "-jar", "/app/quarkus-run.jar"]
CMD ["serve", "--policies", "/policies", "--port", "8443", "--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key"]
