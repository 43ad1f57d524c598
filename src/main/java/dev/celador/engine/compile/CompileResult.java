package dev.celador.engine.compile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.Problem;
import java.util.List;

/**
 * The outcome of compiling a PolicySet: the policies that compiled (sorted by name), the
 * bindings that point at them (sorted by name), the tree's other objects and every problem.
 */
public record CompileResult(
        List<CompiledPolicy> policies,
        List<PolicyBinding> bindings,
        List<JsonNode> objects,
        List<Problem> problems) {

    public CompileResult {
        policies = List.copyOf(policies);
        bindings = List.copyOf(bindings);
        objects = List.copyOf(objects);
        problems = List.copyOf(problems);
    }
}
