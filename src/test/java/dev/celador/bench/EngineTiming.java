package dev.celador.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompiledExpression;
import dev.celador.cel.CostBudget;
import dev.celador.cel.ExpectedType;
import dev.celador.cel.JsonToCel;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.StaticClusterView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A rough single-thread timing of one request's engine time, against a JSON parse of the same
 * body measured in the same run (the ratio holds on a noisy machine; the microseconds do not).
 * Not JMH: the full benchmark suite is the benchmarks issue's.
 */
public final class EngineTiming {

    public static void main(String[] args) throws Exception {
        Path policies = Path.of(args.length > 0 ? args[0] : "src/test/resources/webhook/policies");
        Path reviews = Path.of("src/test/resources/webhook/reviews");
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(
                new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(policies))))),
                StaticClusterView.empty());
        AdmissionReviewCodec codec = new AdmissionReviewCodec();
        ObjectMapper json = new ObjectMapper();
        System.out.printf("%-38s %10s %12s %14s %8s%n", "review", "bytes", "parse µs", "parse+eval µs", "ratio");
        for (String name : List.of("sts-create-without-vct", "sts-create-with-vct", "sts-update-scales-quorum-to-one",
                "secret-create-by-person", "pvc-update-changes-storage-class", "service-delete-protected")) {
            byte[] body = Files.readAllBytes(reviews.resolve(name + ".json"));
            double parse = time(() -> json.readTree(body));
            double full = time(() -> {
                AdmissionRequest r = codec.read(body);
                return codec.write(engine.validate(r));
            });
            System.out.printf("%-38s %10d %12.2f %14.2f %8.1f%n", name, body.length, parse, full, full / parse);
        }
        expressionTiming(reviews);
        mutationTiming();
    }

    /** Mutating a typical StatefulSet with the shipped defaults (probe and storage class), against a parse. */
    private static void mutationTiming() throws Exception {
        Engine engine = new Engine(new PolicyRegistry(new PolicySnapshot(
                new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(Path.of("policies")))))),
                StaticClusterView.empty());
        AdmissionReviewCodec codec = new AdmissionReviewCodec();
        String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":"
                + dev.celador.ReviewFixtures.createRequest(dev.celador.ReviewFixtures.readYaml(
                        Path.of("src/test/resources/mutate-webhook/sts-without-probes-or-classes.yaml"))) + "}";
        byte[] body = review.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ObjectMapper json = new ObjectMapper();
        double parse = time(() -> json.readTree(body));
        double mutate = time(() -> codec.write(engine.mutate(codec.read(body))));
        System.out.printf("mutate StatefulSet (probe + storage class, %d bytes): %.2f µs parse, %.2f µs parse+mutate+patch (%.1fx)%n",
                body.length, parse, mutate, mutate / parse);
    }

    /** One typical expression, evaluated bare and under the cost budget (the trace listener's overhead). */
    private static void expressionTiming(Path reviews) throws Exception {
        CompiledExpression e = new CelEnvironment()
                .compile("object.spec.template.spec.containers.all(c, has(c.readinessProbe))", ExpectedType.BOOL).expression();
        JsonNode review = new ObjectMapper().readTree(Files.readAllBytes(reviews.resolve("sts-create-with-vct.json")));
        Map<String, Object> vars = Map.of("object", JsonToCel.convert(review.path("request").path("object")));
        double bare = time(() -> e.evaluate(vars));
        double budgeted = time(() -> CostBudget.standard().run(() -> e.evaluate(vars)));
        System.out.printf("%nexpression containers.all(c, has(c.readinessProbe)): %.2f µs bare, %.2f µs with cost budget (%.2fx)%n",
                bare, budgeted, budgeted / bare);
    }

    interface Work {
        Object run() throws Exception;
    }

    /** Median of 15 rounds of 2,000 runs, after 20,000 warm-up runs; µs per run. */
    private static double time(Work work) throws Exception {
        Object sink = null;
        for (int i = 0; i < 20_000; i++) {
            sink = work.run();
        }
        double[] rounds = new double[15];
        for (int r = 0; r < rounds.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < 2_000; i++) {
                sink = work.run();
            }
            rounds[r] = (System.nanoTime() - start) / 2_000.0 / 1_000.0;
        }
        if (sink == null) {
            throw new IllegalStateException();
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
