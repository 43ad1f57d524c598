package dev.celador.bench;

import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.cel.CelEnvironment;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import dev.celador.engine.PolicyRegistry;
import dev.celador.engine.PolicySnapshot;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import dev.celador.view.StaticClusterView;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Engine only, no HTTP, like gator bench: one review through the webhook's two calls as the API
 * server makes them, mutate and then validate, each from the raw body (parse, engine, response
 * tree), against the policy directory in the system property celador.bench.policies (default:
 * the shipped library). {@link #parseOnly} is the baseline measured in the same run, and
 * {@link #mutateThenValidateDevCelOnly} the same work with the CEL fast path off (every expression
 * on dev.cel's interpreter), so the fast path's gain is a same-run ratio.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class EngineBench {

    @Param({"sts-create", "sts-update", "secret-create", "pvc-update", "service-delete"})
    public String review;

    private Engine engine;
    private Engine devCelOnly;
    private AdmissionReviewCodec codec;
    private byte[] body;
    private AdmissionRequest parsed;

    @Setup(Level.Trial)
    public void setUp() {
        Path policies = Path.of(System.getProperty("celador.bench.policies", "policies"));
        engine = engine(policies);
        devCelOnly = engine(policies, false);
        codec = new AdmissionReviewCodec();
        body = BenchReviews.body(review);
        parsed = codec.read(body);
        engine.mutate(parsed);
        engine.validate(parsed);
        if (!parsed.node().equals(codec.read(body).node())) {
            throw new IllegalStateException("the engine changed the request it was given: mutateThenValidateParsed would measure a different review");
        }
    }

    static Engine engine(Path policies) {
        return engine(policies, true);
    }

    static Engine engine(Path policies, boolean fastPath) {
        PolicySnapshot snapshot = new PolicySnapshot(
                new PolicyCompiler(new CelEnvironment(fastPath)).compile(new PolicyLoader().load(List.of(policies))));
        if (snapshot.policies().isEmpty() && snapshot.mutatingPolicies().isEmpty()) {
            throw new IllegalStateException("no policies loaded from " + policies);
        }
        return new Engine(new PolicyRegistry(snapshot), new StaticClusterView(BenchReviews.clusterObjects()));
    }

    @Benchmark
    public void mutateThenValidate(Blackhole bh) {
        bh.consume(codec.write(engine.mutate(codec.read(body))));
        bh.consume(codec.write(engine.validate(codec.read(body))));
    }

    /**
     * The engine alone, as gator bench measures Gatekeeper: the review parsed once, then mutate and
     * validate with their responses. A request is never changed by the engine, so reusing it is sound.
     */
    @Benchmark
    public void mutateThenValidateParsed(Blackhole bh) {
        bh.consume(codec.write(engine.mutate(parsed)));
        bh.consume(codec.write(engine.validate(parsed)));
    }

    /** The baseline of the fast path: the same review with every expression on dev.cel's interpreter. */
    @Benchmark
    public void mutateThenValidateDevCelOnly(Blackhole bh) {
        bh.consume(codec.write(devCelOnly.mutate(codec.read(body))));
        bh.consume(codec.write(devCelOnly.validate(codec.read(body))));
    }

    @Benchmark
    public void validate(Blackhole bh) {
        bh.consume(codec.write(engine.validate(codec.read(body))));
    }

    /** The baseline: the codec's parse of the same body, which every request pays anyway. */
    @Benchmark
    public AdmissionRequest parseOnly() {
        return codec.read(body);
    }
}
