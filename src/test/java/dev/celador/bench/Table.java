package dev.celador.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** The human table of a BenchSuite result, with each target and whether this run met it. */
final class Table {

    private Table() {
    }

    /** review, p50, p99, mean and reviews/s/core; the caller ends the line. */
    private static void engineRow(StringBuilder b, String review, JsonNode v) {
        b.append(String.format("  %-16s %10.1f %10.1f %10.1f %12.0f", review, v.path("p50Micros").asDouble(),
                v.path("p99Micros").asDouble(), v.path("meanMicros").asDouble(), v.path("perCorePerSecond").asDouble()));
    }

    private static void engineTargets(StringBuilder b, String which, JsonNode sts) {
        target(b, "StatefulSet CREATE p99 <= 100 µs" + which, sts.path("p99Micros").asDouble() <= 100,
                "%.1f µs".formatted(sts.path("p99Micros").asDouble()));
        target(b, "StatefulSet CREATE >= 20,000 reviews/s/core" + which, sts.path("perCorePerSecond").asDouble() >= 20_000,
                "%.0f/s".formatted(sts.path("perCorePerSecond").asDouble()));
    }

    static String render(JsonNode r) {
        StringBuilder b = new StringBuilder();
        JsonNode m = r.path("machine");
        b.append(String.format("Machine: %s, %d cores, %s; %s (class archive: %s); load average at start %s%s%n",
                m.path("cpu").asText(), m.path("cores").asInt(), m.path("memTotal").asText(), m.path("java").asText(),
                m.path("classArchive").asText("?"), m.path("loadAverage").asText(),
                r.path("quick").asBoolean() ? "  [--quick: smoke pass, numbers mean nothing]" : ""));
        if (r.has("engine")) {
            b.append("\nEngine (JMH SampleTime, 1 thread, shipped library; per review: /mutate then /validate, each parse + engine + response)\n");
            b.append(String.format("  %-16s %10s %10s %10s %12s %12s %12s %14s%n", "review", "p50 µs", "p99 µs", "mean µs", "reviews/s/core",
                    "validate p99", "parse p50", "dev.cel-only p50"));
            JsonNode e = r.path("engine");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("mutateThenValidate").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> row = it.next();
                engineRow(b, row.getKey(), row.getValue());
                b.append(String.format(" %12.1f %12.1f %14.1f%n", e.path("validate").path(row.getKey()).path("p99Micros").asDouble(),
                        e.path("parseOnly").path(row.getKey()).path("p50Micros").asDouble(),
                        e.path("mutateThenValidateDevCelOnly").path(row.getKey()).path("p50Micros").asDouble()));
            }
            b.append("  engine alone (the review parsed once, as gator bench measures; mutate then validate, with responses)\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = e.path("mutateThenValidateParsed").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> row = it.next();
                engineRow(b, row.getKey(), row.getValue());
                b.append('\n');
            }
            engineTargets(b, "", e.path("mutateThenValidate").path("sts-create"));
            engineTargets(b, " (engine alone)", e.path("mutateThenValidateParsed").path("sts-create"));
        }
        if (r.has("size")) {
            JsonNode z = r.path("size");
            b.append("\nObject size (a StatefulSet CREATE grown by env entries or by containers; engine alone on the parsed review vs the codec's Jackson parse)\n");
            b.append(String.format("  %-19s %9s %10s %11s %10s %10s %12s %11s %14s%n", "growth / bytes", "bytes", "parse µs", "validate µs",
                    "mutate µs", "parse ns/B", "validate ns/B", "mutate ns/B", "validate/parse"));
            double worst = 0;
            for (String growth : new String[] {"ENV", "CONTAINERS"}) {
                for (String size : new String[] {"10240", "102400", "1048576"}) {
                    String key = size + "/" + growth;
                    double bytes = z.path("bodyBytes").path(key).asDouble();
                    double parse = z.path("parseOnly").path(key).path("meanMicros").asDouble();
                    double validate = z.path("validateParsed").path(key).path("meanMicros").asDouble();
                    double mutate = z.path("mutateParsed").path(key).path("meanMicros").asDouble();
                    double ratio = Math.max(validate, mutate) / parse;
                    if (size.equals("1048576")) {
                        worst = Math.max(worst, ratio);
                    }
                    b.append(String.format("  %-19s %9.0f %10.1f %11.1f %10.1f %10.2f %12.2f %11.2f %13.2fx%n", growth.toLowerCase() + " " + size,
                            bytes, parse, validate, mutate, parse * 1e3 / bytes, validate * 1e3 / bytes, mutate * 1e3 / bytes, validate / parse));
                }
            }
            target(b, "1 MiB: engine per byte <= 3x Jackson's (validate or mutate)", worst <= 3, "%.2fx".formatted(worst));
        }
        if (r.has("scale")) {
            b.append("\nScale (validate a StatefulSet CREATE; N policies loaded, the same 10 match)\n");
            JsonNode s = r.path("scale").path("validate");
            double base = ratioRows(b, "loaded", s, "10");
            double ratio = s.path("1000").path("meanMicros").asDouble() / base;
            target(b, "1,000 loaded <= 2x 10 loaded", ratio <= 2, "%.2fx".formatted(ratio));
        }
        if (r.has("list")) {
            b.append("\nresource.List over 10,000 cached Services (100 namespaces; validate a StatefulSet CREATE, one lookup policy)\n");
            ratioRows(b, "lookup", r.path("list").path("validate"), "get");
        }
        if (r.has("webhook")) {
            JsonNode w = r.path("webhook");
            b.append(String.format("%nWebhook over HTTPS (loopback, keep-alive, %d connections, %s review of %d bytes, %.0f s per row; server %s)%n",
                    w.path("connections").asInt(), w.path("review").asText(), w.path("bodyBytes").asInt(), w.path("secondsPerRate").asDouble(),
                    w.path("javaOpts").asText()));
            b.append(String.format("  %-22s %-12s %7s %9s %9s %9s %9s %7s %9s %9s %8s %6s %8s %8s %8s %4s%n", "server", "endpoint", "rate", "achieved",
                    "p50 ms", "p99 ms", "p99.9 ms", "errors", "CPU cores", "CPU µs/req", "RSS MiB", "stops", "stop ms", "longest", "reach", "full"));
            b.append("  (the server's JVM stops in each row: stops of 1 ms or more, ms stopped in all, the longest, the longest wait to stop, full collections)")
                    .append(System.lineSeparator());
            double p99At2000 = Double.NaN;
            for (String server : new String[] {"shipped", "loaded1000"}) {
                for (JsonNode row : w.path(server).path("openLoop")) {
                    webhookRow(b, server, row, row.path("rate").asText());
                    if (server.equals("shipped") && row.path("endpoint").asText().equals("/validate") && row.path("rate").asInt() == 2000) {
                        p99At2000 = row.path("p99Millis").asDouble();
                    }
                }
            }
            double validateMax = 0;
            double nullMax = 0;
            for (JsonNode row : w.path("shipped").path("closedLoop")) {
                webhookRow(b, "shipped (closed loop)", row, "max");
                if (row.path("endpoint").asText().equals("/validate")) {
                    validateMax = row.path("throughput").asDouble();
                } else {
                    nullMax = row.path("throughput").asDouble();
                }
            }
            JsonNode big = w.path("shipped").path("bigInFlight");
            if (!big.isMissingNode()) {
                b.append(String.format("  small /validate at %d req/s, alone and with %d reviews of %d bytes in flight (closed loop, own connections)%n",
                        big.path("rate").asInt(), big.path("bigInFlight").asInt(), big.path("bigBodyBytes").asInt()));
                webhookRow(b, "shipped, alone", big.path("alone"), big.path("rate").asText());
                webhookRow(b, "shipped, 4 x 1 MiB", big.path("withBig"), big.path("rate").asText());
                webhookRow(b, "  the 1 MiB reviews", big.path("big"), "max");
                target(b, "small-review p99 with 4 x 1 MiB in flight <= 2x alone", big.path("p99Ratio").asDouble() <= 2,
                        "%.2f vs %.2f ms = %.2fx".formatted(big.path("withBig").path("p99Millis").asDouble(),
                                big.path("alone").path("p99Millis").asDouble(), big.path("p99Ratio").asDouble()));
                JsonNode elsewhere = big.path("elsewhere");
                if (!elsewhere.isMissingNode()) {
                    b.append(String.format("  control: the same 1 MiB reviews, %d a second, answered by another server process on this machine%n",
                            elsewhere.path("bigRate").asInt()));
                    webhookRow(b, "shipped, 1 MiB elsewhere", elsewhere.path("withBig"), big.path("rate").asText());
                    b.append(String.format("  the machine's floor: small-review p99 %.2fx alone with the large reviews in another process%n",
                            big.path("elsewhereRatio").asDouble()));
                }
            }
            JsonNode other = w.path("concurrentCollector").path("bigInFlight");
            if (!other.isMissingNode()) {
                b.append(String.format("  the same on a concurrent collector (%s), not the image's:%n",
                        w.path("concurrentCollector").path("javaOpts").asText()));
                webhookRow(b, "concurrent GC, alone", other.path("alone"), other.path("rate").asText());
                webhookRow(b, "concurrent GC, 4 x 1 MiB", other.path("withBig"), other.path("rate").asText());
                webhookRow(b, "  the 1 MiB reviews", other.path("big"), "max");
                b.append(String.format("  concurrent GC: p99 %.2fx alone, RSS %.0f MiB after%n", other.path("p99Ratio").asDouble(),
                        w.path("concurrentCollector").path("rssAfterMiB").asDouble()));
            }
            if (w.has("loaded1000")) { // absent when only the large reviews ran (--only big)
                b.append(String.format("  ready: shipped %.2f s, %d policies %.2f s (first start, cold)%n",
                        w.path("shipped").path("readySeconds").asDouble(), w.path("loaded1000").path("loaded").asInt(),
                        w.path("loaded1000").path("readySeconds").asDouble()));
                if (!Double.isNaN(p99At2000)) {
                    target(b, "p99 <= 10 ms at 2,000 req/s", p99At2000 <= 10, "%.2f ms".formatted(p99At2000));
                }
                double ratio = nullMax == 0 ? 0 : validateMax / nullMax;
                target(b, "throughput >= 70% of the null endpoint's", ratio >= 0.7,
                        "%.0f vs %.0f req/s = %.0f%%".formatted(validateMax, nullMax, ratio * 100));
                double rss = 0;
                for (JsonNode row : w.path("loaded1000").path("openLoop")) {
                    rss = Math.max(rss, row.path("rssMaxMiB").asDouble());
                    if (!r.path("quick").asBoolean()) {
                        target(b, "RSS <= 300 MB at 2,000 req/s, 1,000 policies", rss * 1.048576 <= 300,
                                "%.0f MiB (%.0f MB)".formatted(rss, rss * 1.048576));
                    }
                }
            }
        }
        if (r.has("startup")) {
            JsonNode s = r.path("startup");
            b.append(String.format("%nStart-up to ready (bin/celador serve, shipped library): median %.2f s of %s%n",
                    s.path("readyMedianSeconds").asDouble(), s.path("readySeconds")));
            b.append(String.format("  no compile cache and no seed: %.2f s (CPU %.2f s); the starts above reuse the cache it wrote%n",
                    s.path("coldCacheReadySeconds").asDouble(), s.path("coldCacheCpuSecondsAtReady").asDouble()));
            b.append(String.format("  no compile cache, the build's seed: %.2f s (CPU %.2f s)%n",
                    s.path("seededCacheReadySeconds").asDouble(), s.path("seededCacheCpuSecondsAtReady").asDouble()));
            b.append(String.format("  CPU used until ready (all threads): median %.2f s of %s%n",
                    s.path("cpuMedianSecondsAtReady").asDouble(), s.path("cpuSecondsAtReady")));
            target(b, "start-up to ready <= 2 s", s.path("readyMedianSeconds").asDouble() <= 2,
                    "%.2f s".formatted(s.path("readyMedianSeconds").asDouble()));
        }
        if (r.has("check")) {
            JsonNode c = r.path("check");
            b.append(String.format("%ncelador check, %d manifests: median %.2f s of %s; celador --help (JVM start, baseline) median %.2f s%n",
                    c.path("manifests").asInt(), c.path("checkMedianSeconds").asDouble(), c.path("checkSeconds"),
                    c.path("helpMedianSeconds").asDouble()));
            target(b, "celador check on 100 manifests <= 3 s", c.path("checkMedianSeconds").asDouble() <= 3,
                    "%.2f s".formatted(c.path("checkMedianSeconds").asDouble()));
        }
        return b.toString();
    }

    private static void webhookRow(StringBuilder b, String server, JsonNode row, String rate) {
        b.append(String.format("  %-22s %-12s %7s %9.0f %9.2f %9.2f %9.2f %7d %9.2f %9.0f %8.0f%n", server, row.path("endpoint").asText(),
                rate, row.path("throughput").asDouble(), row.path("p50Millis").asDouble(), row.path("p99Millis").asDouble(),
                row.path("p999Millis").asDouble(), row.path("errors").asLong(), row.path("serverCpuCores").asDouble(),
                row.path("serverCpuMicrosPerRequest").asDouble(), row.path("rssMaxMiB").asDouble()).stripTrailing());
        if (row.has("stopsOver1ms")) {
            b.append(String.format(" %6d %8.0f %8.1f %8.1f %4d", row.path("stopsOver1ms").asInt(), row.path("stoppedMillis").asDouble(),
                    row.path("longestStopMillis").asDouble(), row.path("longestReachMillis").asDouble(), row.path("fullCollections").asInt()));
        }
        b.append(System.lineSeparator());
    }

    /** One row per entry of rows (p50, p99, mean) with its mean as a multiple of the base row's; returns the base mean. */
    private static double ratioRows(StringBuilder b, String firstColumn, JsonNode rows, String baseKey) {
        b.append(String.format("  %-16s %10s %10s %10s %10s%n", firstColumn, "p50 µs", "p99 µs", "mean µs", "vs " + baseKey));
        double base = rows.path(baseKey).path("meanMicros").asDouble();
        for (Iterator<Map.Entry<String, JsonNode>> it = rows.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> row = it.next();
            JsonNode v = row.getValue();
            b.append(String.format("  %-16s %10.1f %10.1f %10.1f %9.2fx%n", row.getKey(), v.path("p50Micros").asDouble(),
                    v.path("p99Micros").asDouble(), v.path("meanMicros").asDouble(), v.path("meanMicros").asDouble() / base));
        }
        return base;
    }

    private static void target(StringBuilder b, String what, boolean met, String value) {
        b.append(String.format("  target %-58s %-6s %s%n", what, met ? "MET" : "MISSED", value));
    }
}
