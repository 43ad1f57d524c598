package dev.celador.engine.compile;

import dev.celador.cel.CelEnvironment;
import dev.celador.cel.CompileOutcome;
import dev.celador.cel.CompiledExpression;
import dev.celador.cel.ExpectedType;
import dev.celador.cel.LazyVariables;
import dev.celador.policy.AuditAnnotation;
import dev.celador.policy.MutatingBinding;
import dev.celador.policy.MutatingPolicy;
import dev.celador.policy.Mutation;
import dev.celador.policy.NamedExpression;
import dev.celador.policy.PolicyBinding;
import dev.celador.policy.PolicySet;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import dev.celador.policy.ValidatingPolicy;
import dev.celador.policy.Validation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles and type-checks every expression of a PolicySet at load time. A policy with any
 * expression that does not compile is left out whole, with one problem per bad expression.
 */
public final class PolicyCompiler {

    private final CelEnvironment cel;

    public PolicyCompiler(CelEnvironment cel) {
        this.cel = cel;
    }

    public CompileResult compile(PolicySet set) {
        List<Problem> problems = new ArrayList<>(set.problems());
        List<CompiledPolicy> compiled = new ArrayList<>();
        for (ValidatingPolicy policy : set.policies()) {
            List<Problem> own = new ArrayList<>();
            CompiledPolicy c = compile(policy, own);
            if (own.isEmpty()) {
                compiled.add(c);
            }
            problems.addAll(own);
        }
        compiled.sort(Comparator.comparing(CompiledPolicy::name));
        List<CompiledMutatingPolicy> mutating = new ArrayList<>();
        for (MutatingPolicy policy : set.mutatingPolicies()) {
            List<Problem> own = new ArrayList<>();
            CompiledMutatingPolicy c = compile(policy, own);
            if (own.isEmpty()) {
                mutating.add(c);
            }
            problems.addAll(own);
        }
        mutating.sort(Comparator.comparing(CompiledMutatingPolicy::name));
        Set<String> mutatingLoaded = new HashSet<>();
        mutating.forEach(p -> mutatingLoaded.add(p.name()));
        List<MutatingBinding> mutatingBindings = new ArrayList<>();
        for (MutatingBinding b : set.mutatingBindings()) {
            if (mutatingLoaded.contains(b.policyName())) {
                mutatingBindings.add(b);
            } else if (b.name() != null) {
                problems.add(Problem.of(b.source().at("spec.policyName"), b.policyName(), "mutating binding '" + b.name()
                        + "' refers to policy '" + b.policyName() + "' which is not loaded; the binding has no effect"));
            }
        }
        mutatingBindings.sort(Comparator.comparing(MutatingBinding::policyName).thenComparing(b -> b.name() == null ? "" : b.name()));

        Set<String> loaded = new HashSet<>();
        compiled.forEach(p -> loaded.add(p.name()));
        Set<String> failed = new HashSet<>();
        set.policies().forEach(p -> failed.add(p.name()));
        failed.removeAll(loaded);
        List<PolicyBinding> bindings = new ArrayList<>();
        for (PolicyBinding b : set.bindings()) {
            if (loaded.contains(b.policyName())) {
                bindings.add(b);
            } else if (b.name() != null) {
                String why = failed.contains(b.policyName()) ? "which has errors and is not loaded" : "which does not exist";
                problems.add(Problem.of(b.source().at("spec.policyName"), b.policyName(),
                        "binding '" + b.name() + "' refers to policy '" + b.policyName() + "' " + why + "; the binding has no effect"));
            }
        }
        bindings.sort(Comparator.comparing(PolicyBinding::policyName)
                .thenComparing(b -> b.name() == null ? "" : b.name()));
        return new CompileResult(compiled, bindings, mutating, mutatingBindings, set.objects(), problems);
    }

    private CompiledPolicy compile(ValidatingPolicy policy, List<Problem> problems) {
        List<CompiledCondition> conditions = new ArrayList<>();
        for (NamedExpression mc : policy.matchConditions()) {
            CompiledExpression e = matchCondition(policy.name(), mc, problems);
            conditions.add(new CompiledCondition(mc.name(), e));
        }
        List<LazyVariables.Definition> variables = new ArrayList<>();
        for (NamedExpression v : policy.variables()) {
            CompiledExpression e = expression(policy, v.expression(), ExpectedType.ANY, v.source().at("expression"), problems);
            variables.add(LazyVariables.Definition.after(variables, v.name(), e));
        }
        List<CompiledValidation> validations = new ArrayList<>();
        for (Validation v : policy.validations()) {
            CompiledExpression e = expression(policy, v.expression(), ExpectedType.BOOL, v.source().at("expression"), problems);
            CompiledExpression m = v.messageExpression() == null ? null
                    : expression(policy, v.messageExpression(), ExpectedType.STRING, v.source().at("messageExpression"), problems);
            validations.add(new CompiledValidation(v, e, m));
        }
        List<CompiledAuditAnnotation> annotations = new ArrayList<>();
        for (AuditAnnotation a : policy.auditAnnotations()) {
            CompiledExpression e = expression(policy, a.valueExpression(), ExpectedType.STRING_OR_NULL,
                    a.source().at("valueExpression"), problems);
            annotations.add(new CompiledAuditAnnotation(a.key(), e));
        }
        return new CompiledPolicy(policy, conditions, variables, validations, annotations);
    }

    private CompiledMutatingPolicy compile(MutatingPolicy policy, List<Problem> problems) {
        List<CompiledCondition> conditions = new ArrayList<>();
        for (NamedExpression mc : policy.matchConditions()) {
            conditions.add(new CompiledCondition(mc.name(), matchCondition(policy.name(), mc, problems)));
        }
        List<LazyVariables.Definition> variables = new ArrayList<>();
        for (NamedExpression v : policy.variables()) {
            variables.add(LazyVariables.Definition.after(variables, v.name(),
                    expression(policy.name(), v.expression(), ExpectedType.ANY, v.source().at("expression"), problems)));
        }
        List<CompiledMutation> mutations = new ArrayList<>();
        for (Mutation m : policy.mutations()) {
            ExpectedType type = m.patchType() == Mutation.PatchType.APPLY_CONFIGURATION
                    ? ExpectedType.APPLY_CONFIGURATION : ExpectedType.JSON_PATCH;
            mutations.add(new CompiledMutation(m, expression(policy.name(), m.expression(), type, m.source().at("expression"), problems)));
        }
        return new CompiledMutatingPolicy(policy, conditions, variables, mutations);
    }

    /**
     * The API server evaluates matchConditions before variables and does not declare `variables`
     * there: it refuses such a policy, so a policy that runs here must not use it either.
     */
    private CompiledExpression matchCondition(String policy, NamedExpression mc, List<Problem> problems) {
        if (cel.readsVariable(mc.expression(), "variables")) {
            problems.add(new Problem(mc.source().at("expression"), policy,
                    "compile error: matchConditions cannot use `variables` (the API server declares them only for validations,"
                            + " messages, audit annotations and mutations): repeat the expression in the condition", mc.expression()));
            return null;
        }
        return expression(policy, mc.expression(), ExpectedType.BOOL, mc.source().at("expression"), problems);
    }

    private CompiledExpression expression(ValidatingPolicy policy, String text, ExpectedType type, SourceRef at, List<Problem> problems) {
        return expression(policy.name(), text, type, at, problems);
    }

    private CompiledExpression expression(String policy, String text, ExpectedType type, SourceRef at, List<Problem> problems) {
        CompileOutcome outcome = cel.compile(text, type);
        if (!outcome.ok()) {
            problems.add(new Problem(at.inExpression(outcome.line(), outcome.column()), policy, "compile error: " + outcome.error(), text));
        }
        return outcome.expression();
    }
}
