package dev.celador.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.mutate.MutationVerdict;
import dev.celador.engine.validate.AdmissionVerdict;
import dev.celador.engine.validate.Outcome;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.ops.AdmissionMetrics;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Turns a request body into an engine call and the verdict back into a response, recording its
 * metrics and logging one line per request: identity and verdict only, never the object or a
 * message that quotes it. The line's fields also travel as MDC keys, so JSON logs carry them.
 * Denials, warnings, evaluation errors, requests a policy exception lifted a policy for (the line's
 * `exceptions` field names them: "namespace/name:policy") and mutations that changed the object are
 * logged at INFO;
 * plain allowed requests, the bulk of a cluster's writes, at DEBUG (a line for every write cost
 * about a quarter of the webhook's throughput in the benchmark, and floods the log).
 *
 * <p>Requests are answered on the event loop that received them, as long as that is quick: a body
 * over {@value #INLINE_LIMIT} bytes goes to the {@link EvaluationPool}'s large lane at once, parsed
 * there (its evaluation grows with its size, and the small requests behind it must not wait), and
 * a request whose lookup missed its cache goes to the lookup lane (the miss is confirmed by a read
 * from the API server, which the event loop must not wait for; evaluation has no side effects, so
 * running it again is safe).
 */
public final class AdmissionHandler {

    private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);
    /** The MDC keys of the request line, removed again once it is written. */
    private static final List<String> FIELDS = List.of("uid", "operation", "kind", "namespace", "name", "dryRun", "endpoint",
            "allowed", "policies", "exceptions");

    /** Bodies up to this size are answered on the event loop (a typical review is 2-10 KiB). */
    static final int INLINE_LIMIT = 64 * 1024;

    private final AdmissionReviewCodec codec;
    private final Engine engine;
    private final AdmissionMetrics metrics;
    private final EvaluationPool pool;

    public AdmissionHandler(AdmissionReviewCodec codec, Engine engine, AdmissionMetrics metrics, EvaluationPool pool) {
        this.codec = codec;
        this.engine = engine;
        this.metrics = metrics;
        this.pool = pool;
    }

    public CompletionStage<ObjectNode> validate(RequestBody body) {
        return respond(body, engine::validateWithoutWaiting, engine::validate, this::answer);
    }

    /** How a verdict becomes the answer: metrics, the request line, the response tree. */
    private interface Answer<V> {
        ObjectNode of(AdmissionRequest request, V verdict, long startNanos);
    }

    /**
     * Answers on the event loop when the body is small and the engine needs no read from the API
     * server (inline gives null then); otherwise on the pool, with waiting.
     */
    private <V> CompletionStage<ObjectNode> respond(RequestBody body, java.util.function.Function<AdmissionRequest, V> inline,
            java.util.function.Function<AdmissionRequest, V> waiting, Answer<V> answer) {
        pool.requestStarted(body.length() > INLINE_LIMIT); // background work steps aside until the answer is out
        CompletionStage<ObjectNode> answered;
        try {
            answered = respondNow(body, inline, waiting, answer);
        } catch (RuntimeException e) {
            pool.requestFinished();
            throw e;
        }
        return answered.whenComplete((r, e) -> pool.requestFinished());
    }

    private <V> CompletionStage<ObjectNode> respondNow(RequestBody body, java.util.function.Function<AdmissionRequest, V> inline,
            java.util.function.Function<AdmissionRequest, V> waiting, Answer<V> answer) {
        long start = System.nanoTime();
        if (body.length() > INLINE_LIMIT) {
            return handOff(pool.submitLarge(body.length(), () -> {
                AdmissionRequest request = codec.read(body);
                return answer.of(request, waiting.apply(request), start);
            }));
        }
        AdmissionRequest request = codec.read(body);
        V verdict = inline.apply(request);
        if (verdict == null) {
            return handOff(pool.submitLookup(() -> answer.of(request, waiting.apply(request), start)));
        }
        return CompletableFuture.completedFuture(answer.of(request, verdict, start));
    }

    private ObjectNode answer(AdmissionRequest request, AdmissionVerdict verdict, long start) {
        metrics.validated(verdict, start);
        log(request, verdict);
        return codec.write(verdict);
    }

    /** Work handed to the pool; a full lane is an HTTP 503, so the API server applies the webhook's failurePolicy. */
    private CompletionStage<ObjectNode> handOff(CompletionStage<ObjectNode> work) {
        return work.exceptionallyCompose(e -> {
            Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof java.util.concurrent.RejectedExecutionException) {
                return CompletableFuture.failedFuture(unavailable("celador is overloaded: too many large or lookup-bound requests are waiting"));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private jakarta.ws.rs.WebApplicationException unavailable(String message) {
        return unavailable(codec, message);
    }

    /**
     * The benchmark's null endpoint: the same parse and response as /validate, no policy, no
     * metrics, no log line. 404 unless celador.bench.null-endpoint is true.
     */
    public ObjectNode allowUnevaluated(boolean enabled, RequestBody body) {
        if (!enabled) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        return codec.write(AdmissionVerdict.assemble(codec.read(body).uid(), List.of()));
    }

    public CompletionStage<ObjectNode> mutate(RequestBody body) {
        return respond(body, r -> {
            requireLoaded();
            return engine.mutateWithoutWaiting(r);
        }, r -> {
            requireLoaded();
            return engine.mutate(r);
        }, this::answer);
    }

    /**
     * An HTTP 503, not an answer, until the policies are loaded: the API server then applies the
     * mutating webhook's failurePolicy (Ignore: the write goes on without defaults), as when no
     * replica answers.
     */
    private void requireLoaded() {
        if (!engine.registry().isLoaded()) {
            throw unavailable(Engine.NOT_LOADED);
        }
    }

    private ObjectNode answer(AdmissionRequest request, MutationVerdict verdict, long start) {
        metrics.mutated(verdict, start);
        log(request, verdict);
        return codec.write(verdict);
    }

    /** An HTTP 503 with a Status body: the API server applies the webhook's failurePolicy, as when no replica answers. */
    static jakarta.ws.rs.WebApplicationException unavailable(AdmissionReviewCodec codec, String message) {
        return new jakarta.ws.rs.WebApplicationException(jakarta.ws.rs.core.Response.status(503)
                .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON)
                .entity(codec.badRequest(message).put("code", 503).put("reason", "ServiceUnavailable")).build());
    }

    private static void log(AdmissionRequest request, AdmissionVerdict verdict) {
        boolean notable = !verdict.allowed() || !verdict.warnings().isEmpty();
        for (PolicyResult r : verdict.results()) {
            notable |= r.outcome() == Outcome.ERROR || r.exemption() != null;
        }
        Logger.Level level = notable ? Logger.Level.INFO : Logger.Level.DEBUG;
        if (LOG.isEnabled(level)) {
            StringBuilder policies = new StringBuilder();
            StringBuilder exceptions = new StringBuilder();
            for (PolicyResult r : verdict.results()) {
                if (r.outcome() != Outcome.SKIP) {
                    describe(policies, r.policy(), r.binding(), r.outcome().name());
                }
                if (r.exemption() != null) {
                    exceptions.append(exceptions.isEmpty() ? "" : ",").append(r.exemption().exception()).append(':').append(r.policy());
                }
            }
            if (!exceptions.isEmpty()) {
                MDC.put("exceptions", exceptions.toString());
            }
            log(level, request, "validate", verdict.allowed(), policies.toString(), "code=" + (verdict.allowed() ? 200 : verdict.code())
                    + " warnings=" + verdict.warnings().size() + (exceptions.isEmpty() ? "" : " exceptions=[" + exceptions + "]"));
        }
    }

    private static void log(AdmissionRequest request, MutationVerdict verdict) {
        boolean notable = !verdict.allowed() || !verdict.patch().isEmpty();
        for (MutationResult r : verdict.results()) {
            notable |= r.outcome() == MutationResult.Outcome.ERROR;
        }
        Logger.Level level = notable ? Logger.Level.INFO : Logger.Level.DEBUG;
        if (LOG.isEnabled(level)) {
            StringBuilder policies = new StringBuilder();
            for (MutationResult r : verdict.results()) {
                if (r.outcome() != MutationResult.Outcome.SKIP) {
                    describe(policies, r.policy(), r.binding(), r.outcome().name());
                }
            }
            log(level, request, "mutate", verdict.allowed(), policies.toString(), "patchOps=" + verdict.patch().size());
        }
    }

    /** The request line, with its fields as MDC keys while it is written. */
    static void log(Logger.Level level, AdmissionRequest request, String endpoint, boolean allowed, String policies,
            String details) {
        MDC.put("uid", String.valueOf(request.uid()));
        MDC.put("operation", String.valueOf(request.operation()));
        MDC.put("kind", String.valueOf(request.kind()));
        MDC.put("namespace", String.valueOf(request.namespace()));
        MDC.put("name", String.valueOf(request.name()));
        MDC.put("dryRun", String.valueOf(request.dryRun()));
        MDC.put("endpoint", endpoint);
        MDC.put("allowed", String.valueOf(allowed));
        MDC.put("policies", policies);
        try {
            // Concatenated, not infof: a Formatter per request line cost more than the line's content.
            LOG.log(level, "uid=" + request.uid() + " operation=" + request.operation() + " kind=" + request.kind()
                    + " namespace=" + request.namespace() + " name=" + request.name() + " dryRun=" + request.dryRun()
                    + " " + endpoint + " allowed=" + allowed + " " + details + " policies=[" + policies + "]");
        } finally {
            FIELDS.forEach(MDC::remove);
        }
    }

    private static void describe(StringBuilder out, String policy, String binding, String outcome) {
        if (!out.isEmpty()) {
            out.append(',');
        }
        out.append(policy);
        if (binding != null) {
            out.append('/').append(binding);
        }
        out.append(':').append(outcome.toLowerCase(java.util.Locale.ROOT));
    }
}
