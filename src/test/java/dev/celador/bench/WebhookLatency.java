package dev.celador.bench;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * bench/audit-webhook.sh's probe: the StatefulSet CREATE review of bench/reviews on /validate of a
 * running server, open loop at RATE requests/s for SECONDS (see LoadGenerator), on 16 keep-alive
 * connections, after WARMUP seconds of the same load unmeasured: a fresh probe's own start (its
 * JIT, 16 TLS handshakes) stalls its first requests by a second or more, which would be the p99.
 * Prints one line: p50, p99 and p99.9 in ms, completed requests, errors.
 * Usage: WebhookLatency PORT RATE SECONDS [WARMUP (default 5)]
 */
public final class WebhookLatency {

    private WebhookLatency() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int rate = Integer.parseInt(args[1]);
        double seconds = Double.parseDouble(args[2]);
        double warmup = args.length > 3 ? Double.parseDouble(args[3]) : 5;
        LoadGenerator.Result r;
        try (LoadGenerator load = new LoadGenerator(port, 16)) {
            byte[] review = BenchReviews.body("sts-create");
            if (warmup > 0) {
                load.openLoop("/validate", review, rate, warmup);
            }
            r = load.openLoop("/validate", review, rate, seconds);
        }
        Histogram h = r.latencyMicros();
        System.out.printf(Locale.ROOT, "%.2f %.2f %.2f %d %d%n", h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, r.completed(), r.errors());
        System.exit(0);
    }
}
