package dev.celador.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The webhook as users run it: bin/celador serve (which execs java -jar quarkus-run.jar, so the
 * process id is the JVM's) on a free port, with the null endpoint on, the JVM sized as in the
 * Deployment (512 MiB memory limit, -XX:MaxRAMPercentage=60, Serial GC with the image's young generation), its log in a file.
 * CPU and RSS are read from /proc/PID.
 */
public final class ServerProcess implements AutoCloseable {

    /**
     * JVM options matching the pod: 512Mi limit (deploy/deployment.yaml), the image's heap and GC
     * options. No shutdown delay between runs (celador.drain.delay, a runtime setting).
     */
    public static final String JAVA_OPTS = "-XX:MaxRAM=512m -XX:MaxRAMPercentage=60 -XX:+UseSerialGC -Xmn72m -XX:SurvivorRatio=4 -XX:TargetSurvivorRatio=90 -XX:MaxTenuringThreshold=3"
            + " -Dcelador.bench.null-endpoint=true"
            + " -Dcelador.drain.delay=0s";
    private static final long CLOCK_TICKS = 100;

    private final Process process;
    private final int port;
    private final long startedNanos;
    private final Path vmLog;

    private ServerProcess(Process process, int port, long startedNanos, Path vmLog) {
        this.process = process;
        this.port = port;
        this.startedNanos = startedNanos;
        this.vmLog = vmLog;
    }

    public static ServerProcess start(Path policies, Path log) throws IOException {
        return start(policies, log, "");
    }

    /** Started with these JVM options added to the pod's. */
    public static ServerProcess start(Path policies, Path log, String javaOpts) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of("bin/celador", "serve", "--policies", policies.toString(),
                "--port", Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2"); // as the image sets it
        Path vmLog = log.resolveSibling(log.getFileName() + ".vm");
        Files.deleteIfExists(vmLog);
        pb.environment().put("JAVA_OPTS", JAVA_OPTS + " " + VmStops.logOption(vmLog) + " "
                + System.getProperty("celador.bench.server-opts", "") + " " + javaOpts);
        long start = System.nanoTime();
        return new ServerProcess(pb.start(), port, start, vmLog);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** Seconds from process start until /q/health/ready answered 200. */
    public double awaitReady(LoadGenerator client, double timeoutSeconds) {
        long deadline = startedNanos + (long) (timeoutSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue());
            }
            if (client.get("/q/health/ready") == 200) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("server not ready after " + timeoutSeconds + " s");
    }

    /** The server's stops (safepoints, full collections) between two wall-clock instants. */
    public VmStops.Summary stops(long fromMillis, long toMillis) {
        return VmStops.between(vmLog, fromMillis, toMillis);
    }

    /** User + system CPU seconds the process has used so far. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command: state is field 3 of stat, utime 14 and stime 15 (1-based).
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** Resident set size in MiB (VmRSS). */
    public double rssMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
