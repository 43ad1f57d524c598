package dev.celador.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The smoke pass of bench/run.sh (--quick: each benchmark for a fraction of a second, against the
 * packaged server), so the benchmarks cannot rot. Asserts that every part produced numbers of
 * the right shape, never how fast they are.
 */
class BenchSuiteIT {

    @Test
    void everyBenchmarkRunsAndProducesSaneNumbers() throws Exception {
        Path out = Path.of("target", "bench-smoke");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BenchSuite suite = new BenchSuite(true, out, new PrintStream(log, true, StandardCharsets.UTF_8));
        JsonNode r = suite.run(List.of("engine", "size", "scale", "list", "webhook", "startup", "check"));

        for (String review : BenchReviews.NAMES) {
            for (String method : List.of("mutateThenValidate", "mutateThenValidateParsed", "mutateThenValidateDevCelOnly", "validate", "parseOnly")) {
                positive(r.path("engine").path(method).path(review), "engine " + method + " " + review);
            }
        }
        for (String growth : List.of("ENV", "CONTAINERS")) {
            for (String bytes : List.of("10240", "102400", "1048576")) {
                String key = bytes + "/" + growth;
                for (String method : List.of("parseOnly", "validateParsed", "mutateParsed")) {
                    positive(r.path("size").path(method).path(key), "size " + method + " " + key);
                }
                assertThat(r.path("size").path("bodyBytes").path(key).asInt()).as(key)
                        .isBetween(Integer.parseInt(bytes) * 8 / 10, Integer.parseInt(bytes) * 12 / 10);
            }
        }
        for (String loaded : List.of("10", "100", "1000")) {
            positive(r.path("scale").path("validate").path(loaded), "scale " + loaded);
        }
        for (String lookup : List.of("get", "list-namespace", "list-all")) {
            positive(r.path("list").path("validate").path(lookup), "list " + lookup);
        }
        JsonNode shipped = r.path("webhook").path("shipped");
        assertThat(shipped.path("openLoop")).hasSize(2);
        assertThat(shipped.path("closedLoop")).hasSize(2);
        for (JsonNode row : shipped.path("openLoop")) {
            served(row);
        }
        for (JsonNode row : shipped.path("closedLoop")) {
            served(row);
        }
        served(r.path("webhook").path("loaded1000").path("openLoop").get(0));
        JsonNode big = shipped.path("bigInFlight");
        served(big.path("alone"));
        served(big.path("withBig"));
        assertThat(big.path("big").path("completed").asLong()).as(big.toString()).isPositive();
        assertThat(big.path("bigBodyBytes").asInt()).isGreaterThan(1_000_000);
        JsonNode concurrent = r.path("webhook").path("concurrentCollector").path("bigInFlight");
        served(concurrent.path("alone"));
        served(concurrent.path("withBig"));
        assertThat(r.path("startup").path("readyMedianSeconds").asDouble()).isPositive();
        assertThat(r.path("startup").path("cpuMedianSecondsAtReady").asDouble()).isPositive();
        assertThat(r.path("startup").path("coldCacheReadySeconds").asDouble()).isPositive();
        assertThat(r.path("check").path("checkMedianSeconds").asDouble()).isPositive();
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"engine\"");
        assertThat(Table.render(r)).contains("Engine", "Object size", "Scale", "Webhook", "4 x 1 MiB", "concurrent GC", "Start-up", "celador check");
    }

    private static void positive(JsonNode row, String what) {
        assertThat(row.path("samples").asLong()).as(what + " samples").isPositive();
        assertThat(row.path("p50Micros").asDouble()).as(what + " p50").isPositive();
        assertThat(row.path("p99Micros").asDouble()).as(what + " p99").isGreaterThanOrEqualTo(row.path("p50Micros").asDouble());
    }

    private static void served(JsonNode row) {
        assertThat(row.path("completed").asLong()).as(row.toString()).isPositive();
        assertThat(row.path("errors").asLong()).as(row.toString()).isZero();
        assertThat(row.path("p99Millis").asDouble()).as(row.toString()).isGreaterThanOrEqualTo(row.path("p50Millis").asDouble());
        assertThat(row.path("serverCpuCores").asDouble()).as(row.toString()).isNotNegative();
        assertThat(row.path("rssMaxMiB").asDouble()).as(row.toString()).isPositive();
    }
}
