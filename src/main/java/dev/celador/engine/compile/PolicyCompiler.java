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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Compiles and type-checks every expression of a PolicySet at load time. A policy with expressions
 * that do not compile still loads, with one problem per bad expression: each such expression fails
 * when evaluated, so the policy's failurePolicy decides (Fail denies the requests it matches), as
 * the API server does. Leaving it out would switch off a Deny policy with a typo.
 */
public final class PolicyCompiler {

    /** Ends the message of a binding whose policy is not loaded: a problem of the binding, not of a policy. */
    public static final String BINDING_WITHOUT_EFFECT = "; the binding has no effect";

    private final CelEnvironment cel;

    public PolicyCompiler(CelEnvironment cel) {
        this.cel = cel;
    }

    public CompileResult compile(PolicySet set) {
        List<Problem> problems = new ArrayList<>(set.problems());
        Map<String, List<Problem>> ofDocument = new HashMap<>();
        set.problems().forEach(p -> ofDocument.computeIfAbsent(documentOf(p.source()), k -> new ArrayList<>()).add(p));
        List<CompiledPolicy> compiled = new ArrayList<>();
        for (ValidatingPolicy policy : set.policies()) {
            List<Problem> unreadable = ofDocument.get(documentOf(policy.source()));
            if (unreadable != null) {
                compiled.add(CompiledPolicy.unreadable(policy, unreadable));
                continue;
            }
            CompiledPolicy c = compile(policy);
            compiled.add(c);
            problems.addAll(c.problems());
        }
        compiled.sort(Comparator.comparing(CompiledPolicy::name));
        List<CompiledMutatingPolicy> mutating = new ArrayList<>();
        for (MutatingPolicy policy : set.mutatingPolicies()) {
            List<Problem> unreadable = ofDocument.get(documentOf(policy.source()));
            if (unreadable != null) {
                mutating.add(CompiledMutatingPolicy.unreadable(policy, unreadable));
                continue;
            }
            CompiledMutatingPolicy c = compile(policy);
            mutating.add(c);
            problems.addAll(c.problems());
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
                        + "' refers to policy '" + b.policyName() + "' which is not loaded" + BINDING_WITHOUT_EFFECT));
            }
        }
        mutatingBindings.sort(Comparator.comparing(MutatingBinding::policyName).thenComparing(b -> b.name() == null ? "" : b.name()));

        Set<String> loaded = new HashSet<>();
        compiled.forEach(p -> loaded.add(p.name()));
        List<PolicyBinding> bindings = new ArrayList<>();
        for (PolicyBinding b : set.bindings()) {
            if (loaded.contains(b.policyName())) {
                bindings.add(b);
            } else if (b.name() != null) {
                problems.add(Problem.of(b.source().at("spec.policyName"), b.policyName(),
                        "binding '" + b.name() + "' refers to policy '" + b.policyName() + "' which is not loaded" + BINDING_WITHOUT_EFFECT));
            }
        }
        bindings.sort(Comparator.comparing(PolicyBinding::policyName)
                .thenComparing(b -> b.name() == null ? "" : b.name()));
        return new CompileResult(compiled, bindings, mutating, mutatingBindings, set.objects(), problems, set.exceptions());
    }

    /** A policy that loaded with problems of its document (see PolicyDocumentReader) is found by its document. */
    private static String documentOf(SourceRef source) {
        return source.file() + "\u0000" + source.docIndex();
    }

    private CompiledPolicy compile(ValidatingPolicy policy) {
        List<Problem> problems = new ArrayList<>();
        List<CompiledCondition> conditions = new ArrayList<>();
        for (NamedExpression mc : policy.matchConditions()) {
            conditions.add(new CompiledCondition(mc.name(), matchCondition(policy.name(), mc, problems)));
        }
        List<LazyVariables.Definition> variables = variables(policy.name(), policy.variables(), problems);
        List<String> declared = policy.variables().stream().map(NamedExpression::name).toList();
        List<CompiledValidation> validations = new ArrayList<>();
        for (Validation v : policy.validations()) {
            CompiledExpression e = expression(policy.name(), v.expression(), ExpectedType.BOOL, declared, v.source().at("expression"), problems);
            CompiledExpression m = v.messageExpression() == null ? null
                    : expression(policy.name(), v.messageExpression(), ExpectedType.STRING, declared, v.source().at("messageExpression"), problems);
            validations.add(new CompiledValidation(v, e, m));
        }
        List<CompiledAuditAnnotation> annotations = new ArrayList<>();
        for (AuditAnnotation a : policy.auditAnnotations()) {
            CompiledExpression e = expression(policy.name(), a.valueExpression(), ExpectedType.STRING_OR_NULL, declared,
                    a.source().at("valueExpression"), problems);
            annotations.add(new CompiledAuditAnnotation(a.key(), e));
        }
        return new CompiledPolicy(policy, conditions, variables, validations, annotations, problems);
    }

    private CompiledMutatingPolicy compile(MutatingPolicy policy) {
        List<Problem> problems = new ArrayList<>();
        List<CompiledCondition> conditions = new ArrayList<>();
        for (NamedExpression mc : policy.matchConditions()) {
            conditions.add(new CompiledCondition(mc.name(), matchCondition(policy.name(), mc, problems)));
        }
        List<LazyVariables.Definition> variables = variables(policy.name(), policy.variables(), problems);
        List<String> declared = policy.variables().stream().map(NamedExpression::name).toList();
        List<CompiledMutation> mutations = new ArrayList<>();
        for (Mutation m : policy.mutations()) {
            ExpectedType type = m.patchType() == Mutation.PatchType.APPLY_CONFIGURATION
                    ? ExpectedType.APPLY_CONFIGURATION : ExpectedType.JSON_PATCH;
            mutations.add(new CompiledMutation(m, expression(policy.name(), m.expression(), type, declared, m.source().at("expression"), problems)));
        }
        return new CompiledMutatingPolicy(policy, conditions, variables, mutations, problems);
    }

    /**
     * Each variable may read the ones declared before it, as in the API server, which adds a
     * variable's field to the `variables` type only once that variable is compiled.
     */
    private List<LazyVariables.Definition> variables(String policy, List<NamedExpression> declared, List<Problem> problems) {
        List<LazyVariables.Definition> variables = new ArrayList<>();
        List<String> earlier = new ArrayList<>();
        for (NamedExpression v : declared) {
            variables.add(LazyVariables.Definition.after(variables, v.name(),
                    expression(policy, v.expression(), ExpectedType.ANY, List.copyOf(earlier), v.source().at("expression"), problems)));
            earlier.add(v.name());
        }
        return variables;
    }

    /**
     * The API server evaluates matchConditions before variables and does not declare `variables`
     * there: it refuses such a policy, so a policy that runs here must not use it either.
     */
    private CompiledExpression matchCondition(String policy, NamedExpression mc, List<Problem> problems) {
        if (cel.readsVariable(mc.expression(), "variables")) {
            String error = "matchConditions cannot use `variables` (the API server declares them only for validations,"
                    + " messages, audit annotations and mutations): repeat the expression in the condition";
            problems.add(new Problem(mc.source().at("expression"), policy, "compile error: " + error, mc.expression()));
            return CompiledExpression.failed(mc.expression(), error);
        }
        return expression(policy, mc.expression(), ExpectedType.BOOL, null, mc.source().at("expression"), problems);
    }

    /** declared: the variable names the expression may read (null where `variables` is not declared at all). */
    private CompiledExpression expression(String policy, String text, ExpectedType type, List<String> declared, SourceRef at,
            List<Problem> problems) {
        CompileOutcome outcome = declared == null ? cel.compile(text, type) : cel.compile(text, type, declared);
        if (!outcome.ok()) {
            problems.add(new Problem(at.inExpression(outcome.line(), outcome.column()), policy, "compile error: " + outcome.error(), text));
            return CompiledExpression.failed(text, errorSummary(outcome.error()));
        }
        return outcome.expression();
    }

    /** The compiler's error lines without the source excerpt, for a request's message. */
    static String errorSummary(String error) {
        List<String> lines = new ArrayList<>();
        for (String line : error.split("\n")) {
            String l = line.strip();
            if (l.startsWith("ERROR: ")) {
                lines.add(l.substring("ERROR: ".length()).replace("<input>:", ""));
            }
        }
        return lines.isEmpty() ? error.strip().replace('\n', ' ') : String.join("; ", lines);
    }
}
