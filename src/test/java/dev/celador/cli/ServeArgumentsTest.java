package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** main's look at serve's arguments, which starts the policy load before picocli has parsed them. */
class ServeArgumentsTest {

    @Test
    void withoutTheOption_theDefaultDirectory() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--port", "9443"})).isEqualTo(Path.of("policies"));
    }

    @Test
    void theOptionsValue_inEitherSpelling_theLastOneWinning() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies", "deploy/p", "--port", "1"}))
                .isEqualTo(Path.of("deploy/p"));
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies=a", "--policies=b"})).isEqualTo(Path.of("b"));
    }

    @Test
    void anOptionWithoutAValue_leavesTheDefault() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies"})).isEqualTo(Path.of("policies"));
    }

    @Test
    void aValueThatIsNoPath_namesNoDirectory() {
        assertThat(CeladorMain.Serve.policiesIn(new String[] {"serve", "--policies", "bad\0name"})).isNull();
    }
}
