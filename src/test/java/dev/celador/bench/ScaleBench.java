package dev.celador.bench;

import dev.celador.admission.AdmissionReviewCodec;
import dev.celador.engine.Engine;
import java.io.IOException;
import java.nio.file.Files;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Validation of a StatefulSet CREATE with 10, 100 or 1,000 policies loaded, of which the same 10
 * match ({@link ScalePolicies}): the cost should follow the 10 that match, not what is loaded.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ScaleBench {

    @Param({"10", "100", "1000"})
    public int loaded;

    private Path dir;
    private Engine engine;
    private AdmissionReviewCodec codec;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("celador-scale-");
        ScalePolicies.write(dir, loaded);
        engine = EngineBench.engine(dir);
        codec = new AdmissionReviewCodec();
        body = BenchReviews.body("sts-create");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ScalePolicies.delete(dir);
    }

    @Benchmark
    public void validate(Blackhole bh) {
        bh.consume(codec.write(engine.validate(codec.read(body))));
    }
}
