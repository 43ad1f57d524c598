package dev.celador.cel.interp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompiledExpression;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every expression of the shipped library has a fast program: none of them pays dev.cel's interpreter. */
class ShippedPoliciesRunFastTest {

    @Test
    void everyShippedExpressionHasAFastProgram() {
        CompileResult compiled = new PolicyCompiler(new CelEnvironment()).compile(new PolicyLoader().load(List.of(Path.of("policies"))));
        assertThat(compiled.problems()).isEmpty();
        List<String> slow = new ArrayList<>();
        expressions(compiled).filter(e -> e.fast() == null).forEach(e -> slow.add(e.text().trim() + "  <- " + e.notFast()));
        assertThat(expressions(compiled).count()).isGreaterThan(50);
        assertThat(slow).isEmpty();
    }

    @Test
    void systemPropertyTurnsTheFastPathOff() {
        System.setProperty(CelEnvironment.FAST_PATH_PROPERTY, "false");
        try {
            CompiledExpression e = new CelEnvironment().compile("object.spec.replicas > 1", dev.celador.cel.ExpectedType.BOOL).expression();
            assertThat(e.fast()).isNull();
            assertThat(e.notFast()).isEqualTo("the fast path is off");
        } finally {
            System.clearProperty(CelEnvironment.FAST_PATH_PROPERTY);
        }
        assertThat(new CelEnvironment().compile("object.spec.replicas > 1", dev.celador.cel.ExpectedType.BOOL).expression().fast()).isNotNull();
    }

    static Stream<CompiledExpression> expressions(CompileResult compiled) {
        List<CompiledExpression> all = new ArrayList<>();
        for (CompiledPolicy p : compiled.policies()) {
            p.matchConditions().forEach(c -> all.add(c.expression()));
            p.variables().forEach(v -> all.add(v.expression()));
            p.validations().forEach(v -> {
                all.add(v.expression());
                all.add(v.messageExpression());
            });
            p.auditAnnotations().forEach(a -> all.add(a.valueExpression()));
        }
        for (CompiledMutatingPolicy p : compiled.mutatingPolicies()) {
            p.matchConditions().forEach(c -> all.add(c.expression()));
            p.variables().forEach(v -> all.add(v.expression()));
            p.mutations().forEach(m -> all.add(m.expression()));
        }
        return all.stream().filter(Objects::nonNull);
    }
}
