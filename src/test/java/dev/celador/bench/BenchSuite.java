package dev.celador.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.celador.ReviewFixtures;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every benchmark of bench/README.md in one run: engine (JMH), scale (JMH), resource.List
 * (JMH), webhook over HTTPS (open loop against /validate and the null endpoint, closed-loop
 * throughput of both), start-up to ready and `celador check` of 100 manifests. Prints one table
 * and writes it all as JSON to OUT/results.json. {@code --quick} runs each part for a fraction of
 * a second: the smoke pass of BenchSuiteIT, whose numbers mean nothing.
 *
 * <p>Usage: BenchSuite [--quick] [--out DIR] [--only engine,size,scale,list,webhook,big,startup,check]
 * ({@code big}: only the small reviews with large ones in flight, when {@code webhook} is not asked for)
 */
public final class BenchSuite {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final boolean quick;
    private final Path out;
    private final PrintStream log;
    private final ObjectNode results = JSON.createObjectNode();

    public BenchSuite(boolean quick, Path out, PrintStream log) {
        this.quick = quick;
        this.out = out;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = Path.of("target", "bench");
        List<String> only = List.of("engine", "size", "scale", "list", "webhook", "startup", "check");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        BenchSuite suite = new BenchSuite(quick, out, System.out);
        suite.run(only);
        System.out.println();
        System.out.print(Table.render(suite.results()));
        System.out.println("JSON: " + out.resolve("results.json"));
        System.exit(0);
    }

    public ObjectNode results() {
        return results;
    }

    public ObjectNode run(List<String> parts) throws Exception {
        Files.createDirectories(out);
        results.set("machine", machine());
        results.put("quick", quick);
        if (parts.contains("engine")) {
            results.set("engine", engine());
        }
        if (parts.contains("size")) {
            ObjectNode size = jmh("SizeBench", "bytes", "growth");
            for (BenchReviews.Growth growth : BenchReviews.Growth.values()) {
                for (String bytes : List.of("10240", "102400", "1048576")) {
                    size.with("bodyBytes").put(bytes + "/" + growth, BenchReviews.largeStatefulSet(Integer.parseInt(bytes), growth).length);
                }
            }
            results.set("size", size);
        }
        if (parts.contains("scale")) {
            results.set("scale", jmh("ScaleBench", "loaded"));
        }
        if (parts.contains("list")) {
            results.set("list", jmh("ListBench", "lookup"));
        }
        if (parts.contains("webhook")) {
            results.set("webhook", webhook());
        } else if (parts.contains("big")) {
            results.set("webhook", bigInFlightOnly());
        }
        if (parts.contains("startup")) {
            results.set("startup", startup());
        }
        if (parts.contains("check")) {
            results.set("check", check());
        }
        Files.writeString(out.resolve("results.json"), JSON.writeValueAsString(results));
        return results;
    }

    // ---------------------------------------------------------------- JMH

    private ObjectNode engine() throws Exception {
        return jmh("EngineBench", "review");
    }

    /** Runs one JMH class; rows keyed by benchmark method and the named parameters (joined by '/'). */
    private ObjectNode jmh(String benchmark, String... params) throws Exception {
        log.println("== JMH " + benchmark);
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("\\." + benchmark + "\\.")
                .timeUnit(TimeUnit.MICROSECONDS)
                .threads(1)
                .shouldFailOnError(true)
                .jvmArgsAppend("-Xms1g", "-Xmx1g")
                .result(out.resolve("jmh-" + benchmark + ".json").toString())
                .resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON);
        if (quick) {
            options.forks(0).warmupIterations(1).warmupTime(TimeValue.milliseconds(100))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(200));
        } else {
            options.forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(4).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> runs = new Runner(options.build()).run();
        ObjectNode rows = JSON.createObjectNode();
        for (RunResult run : runs) {
            String method = run.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            var stats = run.getPrimaryResult().getStatistics();
            ObjectNode byMethod = rows.has(method) ? (ObjectNode) rows.get(method) : rows.putObject(method);
            StringBuilder key = new StringBuilder();
            for (String param : params) {
                key.append(key.isEmpty() ? "" : "/").append(run.getParams().getParam(param));
            }
            ObjectNode row = byMethod.putObject(key.toString());
            row.put("samples", stats.getN());
            row.put("meanMicros", stats.getMean());
            row.put("p50Micros", stats.getPercentile(50));
            row.put("p99Micros", stats.getPercentile(99));
            row.put("p999Micros", stats.getPercentile(99.9));
            row.put("perCorePerSecond", 1e6 / stats.getMean());
        }
        return rows;
    }

    // ---------------------------------------------------------------- webhook over HTTPS

    private ObjectNode webhook() throws Exception {
        ObjectNode webhook = JSON.createObjectNode();
        byte[] body = BenchReviews.body("sts-create");
        double seconds = quick ? 1 : 30;
        int[] rates = quick ? new int[] {200} : new int[] {500, 1000, 2000};
        int connections = 16;
        webhook.put("review", "sts-create");
        webhook.put("bodyBytes", body.length);
        webhook.put("secondsPerRate", seconds);
        webhook.put("connections", connections);
        webhook.put("javaOpts", ServerProcess.JAVA_OPTS);
        webhook.set("shipped", serverRun("shipped library", Path.of("policies"), body, rates, seconds, connections, true));
        webhook.set("concurrentCollector", concurrentCollector(body, connections));
        Path scale = Files.createTempDirectory("celador-scale-server-");
        try {
            int loaded = quick ? 100 : 1000;
            ScalePolicies.write(scale, loaded);
            int rate = quick ? 200 : 2000;
            ObjectNode many = serverRun(loaded + " loaded policies (10 match)", scale, body, new int[] {rate}, seconds, connections, false);
            many.put("loaded", loaded);
            webhook.set("loaded1000", many);
        } finally {
            ScalePolicies.delete(scale);
        }
        return webhook;
    }

    /** The large-reviews-in-flight measurement alone, on the shipped library (`--only big`). */
    private ObjectNode bigInFlightOnly() throws Exception {
        log.println("== webhook: shipped library, large reviews in flight");
        ObjectNode webhook = JSON.createObjectNode();
        byte[] body = BenchReviews.body("sts-create");
        webhook.put("review", "sts-create");
        webhook.put("bodyBytes", body.length);
        webhook.put("connections", 16);
        webhook.put("javaOpts", ServerProcess.JAVA_OPTS);
        ServerProcess server = ServerProcess.start(Path.of("policies"), out.resolve("server-big.log"));
        try (LoadGenerator load = new LoadGenerator(server.port(), 16)) {
            server.awaitReady(load, 60);
            load.openLoop("/validate", body, 1000, quick ? 0.5 : 30); // the full run's rows before it warm the JIT longer
            webhook.putObject("shipped").set("bigInFlight", bigInFlight(server, load, body));
        } finally {
            server.close();
        }
        return webhook;
    }

    private ObjectNode serverRun(String label, Path policies, byte[] body, int[] rates, double seconds, int connections,
            boolean withNull) throws Exception {
        log.println("== webhook: " + label);
        ObjectNode run = JSON.createObjectNode();
        run.put("policies", policies.toString());
        ServerProcess server = ServerProcess.start(policies, out.resolve("server-" + (withNull ? "shipped" : "1000") + ".log"));
        try (LoadGenerator load = new LoadGenerator(server.port(), connections)) {
            run.put("readySeconds", server.awaitReady(load, 60));
            run.put("rssAtReadyMiB", server.rssMiB());
            // Warm-up (not measured): the JIT compiles the request path of both endpoints.
            double warm = quick ? 0.5 : 10;
            load.openLoop("/validate", body, 1000, warm);
            if (withNull) {
                load.openLoop("/bench/null", body, 1000, warm);
            }
            ArrayNode phases = run.putArray("openLoop");
            for (int rate : rates) {
                phases.add(phase(server, load, "/validate", body, rate, seconds));
                if (withNull) {
                    phases.add(phase(server, load, "/bench/null", body, rate, seconds));
                }
            }
            if (withNull) {
                run.set("bigInFlight", bigInFlight(server, load, body));
                ArrayNode saturation = run.putArray("closedLoop");
                double satSeconds = quick ? 0.5 : 10;
                saturation.add(closed(server, load, "/validate", body, 32, satSeconds));
                saturation.add(closed(server, load, "/bench/null", body, 32, satSeconds));
            }
            run.put("rssAfterMiB", server.rssMiB());
        } finally {
            server.close();
        }
        return run;
    }

    /** JVM options of the comparison: a collector that does not stop the server to copy live objects, heap cut to stay in the pod's limit. */
    static final String CONCURRENT_COLLECTOR = "-XX:-UseSerialGC -XX:+UseShenandoahGC -XX:MaxRAMPercentage=50";

    /**
     * The large-reviews-in-flight measurement again on a server whose collector runs concurrently
     * (the image keeps Serial for its footprint): what the other choice would give, and cost in RSS.
     */
    private ObjectNode concurrentCollector(byte[] body, int connections) throws Exception {
        log.println("== webhook: shipped library, " + CONCURRENT_COLLECTOR);
        ObjectNode run = JSON.createObjectNode();
        run.put("javaOpts", CONCURRENT_COLLECTOR);
        ServerProcess server = ServerProcess.start(Path.of("policies"), out.resolve("server-concurrent-collector.log"), CONCURRENT_COLLECTOR);
        try (LoadGenerator load = new LoadGenerator(server.port(), connections)) {
            server.awaitReady(load, 60);
            load.openLoop("/validate", body, 1000, quick ? 0.5 : 10);
            run.set("bigInFlight", bigInFlight(server, load, body));
            run.put("rssAfterMiB", server.rssMiB());
        } finally {
            server.close();
        }
        return run;
    }

    /**
     * Small reviews at a steady rate, alone and then with 4 reviews of a 1 MiB StatefulSet kept in
     * flight on connections of their own (a closed loop): what one heavy client costs the others.
     */
    private ObjectNode bigInFlight(ServerProcess server, LoadGenerator load, byte[] small) throws Exception {
        int rate = quick ? 200 : 500;
        double seconds = quick ? 1 : 20;
        int inFlight = 4;
        byte[] big = BenchReviews.largeStatefulSet(1 << 20, BenchReviews.Growth.CONTAINERS);
        ObjectNode out = JSON.createObjectNode();
        out.put("rate", rate);
        out.put("bigBodyBytes", big.length);
        out.put("bigInFlight", inFlight);
        log.printf("   small /validate at %d req/s for %.0f s, alone and with %d reviews of %d bytes in flight%n", rate, seconds, inFlight,
                big.length);
        // The control's server starts and warms up first: a JVM compiling its hot paths takes a core.
        ServerProcess other = ServerProcess.start(Path.of("policies"), this.out.resolve("server-elsewhere.log"));
        ObjectNode elsewhere;
        try {
            try (LoadGenerator warm = new LoadGenerator(other.port(), 1)) {
                other.awaitReady(warm, 60);
                warm.closedLoop("/validate", big, 1, quick ? 0.2 : 15);
            }
            ObjectNode alone = measured(server, "/validate", () -> load.openLoop("/validate", small, rate, seconds));
            try (LoadGenerator heavy = new LoadGenerator(server.port(), inFlight)) {
                heavy.closedLoop("/validate", big, inFlight, quick ? 0.2 : 2);
                java.util.concurrent.CompletableFuture<LoadGenerator.Result> bigRun =
                        inBackground(() -> heavy.closedLoop("/validate", big, inFlight, seconds + 1));
                Thread.sleep(500);
                ObjectNode with = measured(server, "/validate", () -> load.openLoop("/validate", small, rate, seconds));
                out.set("alone", alone);
                out.set("withBig", with);
                out.set("big", row("/validate", bigRun.get()));
                out.put("p99Ratio", with.path("p99Millis").asDouble() / Math.max(1e-3, alone.path("p99Millis").asDouble()));
            }
            elsewhere = bigElsewhere(server, other, load, small, big, out.path("big").path("throughput").asDouble(), rate, seconds);
        } finally {
            other.close();
        }
        out.set("elsewhere", elsewhere);
        out.put("elsewhereRatio", elsewhere.path("withBig").path("p99Millis").asDouble() / Math.max(1e-3, out.path("alone").path("p99Millis").asDouble()));
        return out;
    }

    /**
     * The control for {@link #bigInFlight}: the same large reviews, at the rate the server just
     * answered them, sent to another server process on this machine, while the small reviews go
     * to the server under test as before. The large reviews then cost that server nothing; what
     * the small reviews still lose is what the machine's shared cores (the load generator, the
     * other process) cost them, the floor under the ratio the server can reach here.
     */
    private ObjectNode bigElsewhere(ServerProcess server, ServerProcess other, LoadGenerator load, byte[] small, byte[] big, double bigRate,
            int rate, double seconds) throws Exception {
        ObjectNode out = JSON.createObjectNode();
        int perSecond = Math.max(1, (int) Math.round(bigRate));
        out.put("bigRate", perSecond);
        log.printf("   the same, with %d reviews of %d bytes a second answered by another server process%n", perSecond, big.length);
        try (LoadGenerator heavy = new LoadGenerator(other.port(), 4)) {
            java.util.concurrent.CompletableFuture<LoadGenerator.Result> bigRun =
                    inBackground(() -> heavy.openLoop("/validate", big, perSecond, seconds + 1));
            Thread.sleep(500);
            out.set("withBig", measured(server, "/validate", () -> load.openLoop("/validate", small, rate, seconds)));
            out.set("big", row("/validate", bigRun.get()));
        }
        return out;
    }

    /** A load run on another thread, for a second generator beside the measured one. */
    private static java.util.concurrent.CompletableFuture<LoadGenerator.Result> inBackground(
            java.util.concurrent.Callable<LoadGenerator.Result> run) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return run.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    private ObjectNode phase(ServerProcess server, LoadGenerator load, String path, byte[] body, int rate, double seconds)
            throws Exception {
        log.printf("   open loop %s at %d req/s for %.0f s%n", path, rate, seconds);
        ObjectNode row = measured(server, path, () -> load.openLoop(path, body, rate, seconds));
        row.put("rate", rate);
        return row;
    }

    private ObjectNode closed(ServerProcess server, LoadGenerator load, String path, byte[] body, int inFlight, double seconds)
            throws Exception {
        log.printf("   closed loop %s, %d in flight, %.0f s%n", path, inFlight, seconds);
        ObjectNode row = measured(server, path, () -> load.closedLoop(path, body, inFlight, seconds));
        row.put("inFlight", inFlight);
        return row;
    }

    /** One load run with the server's CPU and peak RSS over exactly that run. */
    private static ObjectNode measured(ServerProcess server, String path, java.util.concurrent.Callable<LoadGenerator.Result> run)
            throws Exception {
        RssSampler rss = new RssSampler(server);
        double cpu0 = server.cpuSeconds();
        long from = System.currentTimeMillis();
        LoadGenerator.Result r = run.call();
        long to = System.currentTimeMillis();
        double cpu = server.cpuSeconds() - cpu0;
        ObjectNode row = row(path, r);
        VmStops.Summary stops = server.stops(from, to);
        row.put("stopsOver1ms", stops.stopsOver1ms());
        row.put("stoppedMillis", stops.stoppedMillis());
        row.put("longestStopMillis", stops.longestMillis());
        row.put("longestReachMillis", stops.longestReachMillis());
        row.put("fullCollections", stops.fullCollections());
        row.put("serverCpuCores", cpu / r.seconds());
        row.put("serverCpuMicrosPerRequest", r.completed() == 0 ? 0 : cpu * 1e6 / r.completed());
        row.put("rssMaxMiB", rss.stop());
        return row;
    }

    private static ObjectNode row(String path, LoadGenerator.Result r) {
        Histogram h = r.latencyMicros();
        ObjectNode row = JSON.createObjectNode();
        row.put("endpoint", path);
        row.put("completed", r.completed());
        row.put("errors", r.errors());
        row.put("seconds", r.seconds());
        row.put("throughput", r.throughput());
        row.put("p50Millis", h.getValueAtPercentile(50) / 1000.0);
        row.put("p99Millis", h.getValueAtPercentile(99) / 1000.0);
        row.put("p999Millis", h.getValueAtPercentile(99.9) / 1000.0);
        row.put("maxMillis", h.getMaxValue() / 1000.0);
        return row;
    }

    /** Samples the server's RSS every 100 ms until stopped; the maximum in MiB. */
    private static final class RssSampler {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile double max;

        RssSampler(ServerProcess server) {
            thread = new Thread(() -> {
                while (running) {
                    max = Math.max(max, server.rssMiB());
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        double stop() throws InterruptedException {
            running = false;
            thread.join();
            return max;
        }
    }

    // ---------------------------------------------------------------- start-up and check

    private ObjectNode startup() throws Exception {
        log.println("== start-up to ready, shipped library");
        int runs = quick ? 1 : 5;
        // Compile caches of their own. The first start finds none and no seed (a new pod on policies
        // of its own); the second finds none but the build's seed of the shipped policies (a new pod
        // of the image); the others reuse what the first wrote (a restarted container).
        Path cacheDir = Files.createTempDirectory("celador-bench-compile-cache-");
        String cache = "-Dcelador.compile-cache=" + cacheDir.resolve("compile-cache");
        try {
            double[] cold = startOnce(cache + " -Dcelador.compile-cache.seed=");
            double[] seeded = startOnce("-Dcelador.compile-cache=" + cacheDir.resolve("seeded"));
            double[] ready = new double[runs];
            // CPU the server used until ready (all its threads): on a shared machine the wall time
            // follows the other load, this much less.
            double[] cpu = new double[runs];
            for (int i = 0; i < runs; i++) {
                double[] start = startOnce(cache);
                ready[i] = start[0];
                cpu[i] = start[1];
            }
            ObjectNode row = JSON.createObjectNode();
            row.put("coldCacheReadySeconds", cold[0]);
            row.put("coldCacheCpuSecondsAtReady", cold[1]);
            row.put("seededCacheReadySeconds", seeded[0]);
            row.put("seededCacheCpuSecondsAtReady", seeded[1]);
            row.set("readySeconds", JSON.valueToTree(ready));
            row.put("readyMedianSeconds", median(ready));
            row.set("cpuSecondsAtReady", JSON.valueToTree(cpu));
            row.put("cpuMedianSecondsAtReady", median(cpu));
            return row;
        } finally {
            try (var files = Files.walk(cacheDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Seconds from process start to ready, and the CPU seconds used until then. */
    private double[] startOnce(String javaOpts) throws Exception {
        ServerProcess server = ServerProcess.start(Path.of("policies"), out.resolve("server-startup.log"), javaOpts);
        try (LoadGenerator load = new LoadGenerator(server.port(), 1)) {
            double ready = server.awaitReady(load, 60);
            return new double[] {ready, server.cpuSeconds()};
        } finally {
            server.close();
        }
    }

    private ObjectNode check() throws Exception {
        int count = quick ? 10 : 100;
        log.println("== celador check on " + count + " manifests");
        Path manifests = out.resolve("manifests");
        writeManifests(manifests, count);
        int runs = quick ? 1 : 5;
        double[] check = new double[runs];
        double[] help = new double[runs];
        for (int i = 0; i < runs; i++) {
            help[i] = wall(List.of("bin/celador", "--help"));
            check[i] = wall(List.of("bin/celador", "check", "--policies", "policies", "--resources", manifests.toString(),
                    "--output", "json"));
        }
        ObjectNode row = JSON.createObjectNode();
        row.put("manifests", count);
        row.set("checkSeconds", JSON.valueToTree(check));
        row.put("checkMedianSeconds", median(check));
        row.set("helpSeconds", JSON.valueToTree(help));
        row.put("helpMedianSeconds", median(help));
        return row;
    }

    /** Wall seconds of a command; its output goes to OUT/command.log. Exit code 1 (violations) is fine. */
    private double wall(List<String> command) throws Exception {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("command.log").toFile()).start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code > 1) {
            throw new IllegalStateException(command + " exited with " + code + ": " + Files.readString(out.resolve("command.log")));
        }
        return seconds;
    }

    /** count manifests, a quarter each of StatefulSets, Services, PVCs and Secrets, one per file. */
    static void writeManifests(Path dir, int count) throws IOException {
        Files.createDirectories(dir);
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        ObjectMapper yaml = new YAMLMapper();
        List<String> files = List.of("statefulset.yaml", "service.yaml", "pvc.yaml", "secret.yaml");
        for (int i = 0; i < count; i++) {
            ObjectNode o = (ObjectNode) ReviewFixtures.readYaml(BenchReviews.dir().resolve(files.get(i % files.size())));
            ObjectNode metadata = (ObjectNode) o.get("metadata");
            metadata.put("name", metadata.path("name").asText() + "-" + i);
            metadata.remove("managedFields");
            metadata.remove("uid");
            Files.writeString(dir.resolve(String.format("%03d-%s", i, files.get(i % files.size()))), yaml.writeValueAsString(o));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** Which class archive the build made (bin/class-archive) and for which JVM: what bin/celador starts with. */
    static String classArchive(Path app) {
        try {
            String jvm = Files.readString(app.resolve("class-archive.jvm")).trim();
            String kind = Files.exists(app.resolve("celador.aot")) ? "AOT cache" : "CDS archive";
            return kind + " for " + jvm;
        } catch (IOException e) {
            return "none";
        }
    }

    private static ObjectNode machine() {
        ObjectNode m = JSON.createObjectNode();
        m.put("time", Instant.now().toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("classArchive", classArchive(Path.of("target", "quarkus-app")));
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
            m.put("cpu", cpu);
            m.put("loadAverage", Files.readString(Path.of("/proc/loadavg")).trim());
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
            m.put("memTotal", mem.replaceAll("\\s+", " "));
        } catch (IOException e) {
            m.put("cpu", "?");
        }
        return m;
    }
}
