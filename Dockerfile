# The webhook image: `./mvnw -B package -DskipTests && docker build -t celador:0.1.0 .`
# (deploy/deployment.yaml names celador:0.1.0; retag and update it for your registry).
# Java 17: Java 25 starts faster from its AOT cache, but with it and the Serial GC below it served a
# third fewer requests at peak on 2 cores (bench/README.md).
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/quarkus-app/lib/ /app/lib/
COPY target/quarkus-app/*.jar /app/
COPY target/quarkus-app/app/ /app/app/
COPY target/quarkus-app/quarkus/ /app/quarkus/
# The class-data archive (bin/class-archive): a training start of this image's own JVM on the
# shipped policies writes the ~6,000 classes it loaded to /app/celador.jsa, which every start then
# maps instead of parsing and verifying them (the archive the Maven build makes fits only the JVM
# it ran on, so it is not copied). It uses the base image's curl and openssl; without them the
# image has no archive and the JVM starts without one (-Xshare:auto), only slower. The same start
# writes /app/compile-cache-seed, the shipped policies' type-checked expressions, which a new pod
# starts from (its own cache lives in /tmp).
COPY bin/class-archive /tmp/class-archive/
COPY policies/ /tmp/class-archive/policies/
COPY src/test/resources/webhook/reviews/ /tmp/class-archive/reviews/
RUN CLASS_ARCHIVE_JAVA_OPTS="-XX:MaxRAM=512m -XX:MaxRAMPercentage=60 -XX:+UseSerialGC -Xmn72m -XX:SurvivorRatio=4 -XX:TargetSurvivorRatio=90 -XX:MaxTenuringThreshold=3" \
      /tmp/class-archive/class-archive /app /tmp/class-archive/policies /tmp/class-archive/reviews \
    && rm -rf /tmp/class-archive
USER 10001
EXPOSE 8443
# Serial GC: the live heap is small (27 MB with 1,000 policies loaded), and G1's remembered sets
# and eager heap growth kept RSS above 300 MB under load (bench/README.md). A fixed young
# generation with large survivor spaces (72 MiB: eden 36, survivors 18 each, filled up to 90%):
# a large object's tree under evaluation and the large bodies waiting for their turn survive a
# young collection in a survivor space and die there, instead of being promoted and filling the
# old generation with full collections (docs/operations.md, bench/README.md).
# JVM warnings (such as an archive it cannot use) go to stderr, as in bin/celador.
# The heap is 60% of the container's memory (307 MiB of the Deployment's 512): the rest of the
# JVM (classes, compiled code, threads, malloc) takes 130-180 MiB, so a heap grown to 75% put the
# process over the limit with 100,000 objects cached and an audit pass running. Two malloc
# arenas instead of one per core and thread keep native memory from fragmenting.
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-XX:+UseSerialGC", "-Xmn72m", "-XX:SurvivorRatio=4", "-XX:TargetSurvivorRatio=90", "-XX:MaxTenuringThreshold=3", "-Xshare:auto", "-XX:SharedArchiveFile=/app/celador.jsa", \
            "-Dcelador.compile-cache.seed=/app/compile-cache-seed", \
            "-Xlog:disable", "-Xlog:all=warning:stderr", "-jar", "/app/quarkus-run.jar"]
CMD ["serve", "--policies", "/policies", "--port", "8443", "--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key"]
