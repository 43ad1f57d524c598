# The webhook image: `./mvnw -B package -DskipTests && docker build -t celador:0.1.0 .`
# (deploy/deployment.yaml names celador:0.1.0; retag and update it for your registry).
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY target/quarkus-app/lib/ /app/lib/
COPY target/quarkus-app/*.jar /app/
COPY target/quarkus-app/app/ /app/app/
COPY target/quarkus-app/quarkus/ /app/quarkus/
USER 10001
EXPOSE 8443
# Serial GC: the live heap is small (27 MB with 1,000 policies loaded), and G1's remembered sets
# and eager heap growth kept RSS above 300 MB under load (bench/README.md).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC", "-jar", "/app/quarkus-run.jar"]
CMD ["serve", "--policies", "/policies", "--port", "8443", "--tls-cert", "/tls/tls.crt", "--tls-key", "/tls/tls.key"]
