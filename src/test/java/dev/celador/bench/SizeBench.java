package dev.celador.bench;

import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.engine.AdmissionRequest;
import dev.celador.engine.Engine;
import java.nio.file.Path;
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

/**
 * How the engine's time grows with the object: a StatefulSet CREATE of 10 KiB, 100 KiB and 1 MiB
 * (BenchReviews.largeStatefulSet, grown by env entries no policy walks or by containers every
 * StatefulSet policy walks) against the shipped library, the engine alone (the review parsed
 * once: validate, and mutate, each with its response) next to the codec's Jackson parse of the
 * same body. Time per byte of each is what to compare.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class SizeBench {

    @Param({"10240", "102400", "1048576"})
    public int bytes;

    @Param({"ENV", "CONTAINERS"})
    public BenchReviews.Growth growth;

    private Engine engine;
    private AdmissionReviewCodec codec;
    private byte[] body;
    private AdmissionRequest parsed;

    @Setup(Level.Trial)
    public void setUp() {
        engine = EngineBench.engine(Path.of(System.getProperty("celador.bench.policies", "policies")));
        codec = new AdmissionReviewCodec();
        body = BenchReviews.largeStatefulSet(bytes, growth);
        parsed = codec.read(body);
        // The same verdict as the review it grew from (every policy still runs to the end): the growth
        // only adds bytes to walk.
        String expected = engine.validate(codec.read(BenchReviews.body("sts-create"))).message();
        if (growth == BenchReviews.Growth.ENV && !engine.validate(parsed).message().equals(expected)) {
            throw new IllegalStateException("the large StatefulSet gets another verdict than sts-create: " + engine.validate(parsed).message());
        }
    }

    public int bodyBytes() {
        return body.length;
    }

    @Benchmark
    public AdmissionRequest parseOnly() {
        return codec.read(body);
    }

    @Benchmark
    public Object validateParsed() {
        return codec.write(engine.validate(parsed));
    }

    @Benchmark
    public Object mutateParsed() {
        return codec.write(engine.mutate(parsed));
    }
}
