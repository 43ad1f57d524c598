package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.CompiledMutatingPolicy;
import dev.celador.engine.compile.CompiledPolicy;
import dev.celador.engine.mutate.MutationResult;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.policy.DocumentReader;
import dev.celador.policy.PolicyException;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicySet;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `celador test`: runs every `kind: PolicyTest` file under the paths through {@link OfflineAdmission},
 * so a case gets exactly the verdicts `celador check` would print, and compares them with the
 * expected results and mutated objects. Exit 0 all passed, 1 a mismatch, 2 bad input.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run PolicyTest files: expected results and mutated objects per policy and resource.")
final class TestCommand implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    @Parameters(arity = "0..*", paramLabel = "PATH", defaultValue = "policies",
            description = "Test files or directories searched for them (default: ${DEFAULT-VALUE}).")
    List<Path> paths;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the results as JUnit XML.")
    Path junit;

    @Option(names = "--output", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, sarif (SARIF 2.1.0) or github (workflow annotations) (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    private final PrintStream out;
    private final PrintStream err;

    TestCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A suite with its policies compiled and its files read, ready to run. */
    private record Prepared(PolicyTestSuite suite, CompileResult compiled, List<JsonNode> clusterState, List<PreparedCase> cases) {
    }

    /** compiled is the suite's policies with the case's own exceptions added (the suite's, when it has none). */
    private record PreparedCase(PolicyTestSuite.Case spec, JsonNode resource, JsonNode old, JsonNode mutated, CompileResult compiled) {
    }

    @Override
    public Integer call() {
        List<Problem> problems = new ArrayList<>();
        List<PolicyTestSuite> suites = find(problems);
        if (suites.isEmpty() && problems.isEmpty()) {
            err.println("celador test: no " + PolicyTestSuite.KIND + " files under " + paths);
            return BAD_INPUT;
        }
        List<Prepared> prepared = new ArrayList<>();
        for (PolicyTestSuite suite : suites) {
            prepared.add(prepare(suite, problems));
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("celador test: " + CliProblems.format(p)));
            if (output == OutputFormat.github) {
                problems.forEach(p -> out.println(GithubReport.annotation("error", p.source().file(), p.source().line(),
                        p.policy() == null ? "input" : p.policy(), p.message())));
            } else if (output == OutputFormat.sarif) {
                out.println(SarifReport.log(List.of(), List.of(), problems.stream().map(CliProblems::format).toList()).toPrettyString());
            }
            return BAD_INPUT;
        }

        if (output == OutputFormat.json) {
            err.println("celador test: --output must be text, sarif or github, not json");
            return BAD_INPUT;
        }
        boolean text = output == OutputFormat.text;
        List<JUnitReport.SuiteRun> runs = new ArrayList<>();
        List<ObjectNode> results = new ArrayList<>();
        for (Prepared p : prepared) {
            if (text) {
                out.println(p.suite().file());
            }
            List<JUnitReport.CaseRun> cases = new ArrayList<>();
            for (PreparedCase c : p.cases()) {
                // As in check, lookups see the cluster state and the resource being checked.
                List<JsonNode> visible = new ArrayList<>(p.clusterState());
                visible.add(c.resource());
                List<Mismatch> mismatches = run(OfflineAdmission.of(c.compiled(), visible), c);
                String failure = mismatches.isEmpty() ? null : mismatches.stream().map(Mismatch::text).collect(Collectors.joining("; "));
                if (text) {
                    out.println((failure == null ? "  PASS  " : "  FAIL  ") + c.spec().name() + (failure == null ? "" : ": " + failure));
                }
                for (Mismatch m : mismatches) {
                    String message = c.spec().name() + ": " + m.text();
                    if (output == OutputFormat.github) {
                        out.println(GithubReport.annotation("error", p.suite().file(), c.spec().line(), m.policy(), message));
                    }
                    results.add(SarifReport.result(m.policy(), null, "error", message, p.suite().file(), c.spec().line()));
                }
                cases.add(new JUnitReport.CaseRun(c.spec().name(), failure));
            }
            runs.add(new JUnitReport.SuiteRun(p.suite().file(), cases));
        }
        long total = runs.stream().mapToLong(r -> r.cases().size()).sum();
        long failed = runs.stream().mapToLong(JUnitReport.SuiteRun::failures).sum();
        if (output == OutputFormat.sarif) {
            out.println(SarifReport.log(rules(prepared), results, List.of()).toPrettyString());
        } else {
            out.printf("%d cases in %d files: %d passed, %d failed%n", total, runs.size(), total - failed, failed);
        }
        if (junit != null) {
            try {
                JUnitReport.write(runs, junit);
            } catch (IOException e) {
                err.println("celador test: cannot write " + junit + ": " + e.getMessage());
                return BAD_INPUT;
            }
        }
        return failed > 0 ? FAILED : OK;
    }

    private List<PolicyTestSuite> find(List<Problem> problems) {
        List<PolicyTestSuite> suites = new ArrayList<>();
        new DocumentReader().readAll(paths, doc -> {
            if (PolicyTestSuite.isPolicyTest(doc)) {
                PolicyTestSuite suite = PolicyTestSuite.read(doc, problems::add);
                if (suite != null) {
                    suites.add(suite);
                }
            }
        }, problems::add);
        return suites;
    }

    private static Prepared prepare(PolicyTestSuite suite, List<Problem> problems) {
        CompileResult compiled = OfflineAdmission.compile(new PolicyLoader().load(suite.policies()));
        problems.addAll(compiled.problems());
        Set<String> names = new LinkedHashSet<>();
        compiled.policies().stream().map(CompiledPolicy::name).forEach(names::add);
        compiled.mutatingPolicies().stream().map(CompiledMutatingPolicy::name).forEach(names::add);
        ResourceReader reader = new ResourceReader();
        List<JsonNode> clusterState = reader.read(suite.clusterState().stream().map(Path::toString).toList(), null);
        List<PreparedCase> cases = new ArrayList<>();
        for (int i = 0; i < suite.cases().size(); i++) {
            PolicyTestSuite.Case c = suite.cases().get(i);
            SourceRef at = new SourceRef(suite.file(), 0, "cases[" + i + "]");
            for (int j = 0; j < c.expect().size(); j++) {
                String policy = c.expect().get(j).policy();
                if (!names.contains(policy)) {
                    problems.add(Problem.of(at.at("expect").index(j).at("policy"), policy,
                            "no policy '" + policy + "' among " + suite.policies() + " (loaded: " + String.join(", ", names) + ")"));
                }
            }
            cases.add(new PreparedCase(c, one(reader, c.resource(), at.at("resource"), problems), one(reader, c.old(), at.at("old"), problems),
                    one(reader, c.mutated(), at.at("mutated"), problems), withExceptions(compiled, c.exceptions(), at, problems)));
        }
        problems.addAll(reader.problems());
        return new Prepared(suite, compiled, clusterState, cases);
    }

    /** The suite's compiled policies plus the exceptions in the case's files (nothing is compiled again). */
    private static CompileResult withExceptions(CompileResult compiled, List<Path> files, SourceRef at, List<Problem> problems) {
        if (files.isEmpty()) {
            return compiled;
        }
        PolicySet read = new PolicyLoader().load(files);
        problems.addAll(read.problems());
        if (read.exceptions().isEmpty()) {
            problems.add(Problem.of(at.at("exceptions"), null, "no PolicyException in " + files));
        }
        List<PolicyException> exceptions = new ArrayList<>(compiled.exceptions());
        exceptions.addAll(read.exceptions());
        return new CompileResult(compiled.policies(), compiled.bindings(), compiled.mutatingPolicies(), compiled.mutatingBindings(),
                compiled.objects(), compiled.problems(), exceptions);
    }

    private static JsonNode one(ResourceReader reader, Path file, SourceRef at, List<Problem> problems) {
        if (file == null) {
            return null;
        }
        List<JsonNode> objects = reader.read(List.of(file.toString()), null);
        if (objects.size() != 1) {
            problems.add(Problem.of(at, null, file + " must hold exactly one object, holds " + objects.size()));
            return null;
        }
        return objects.get(0);
    }

    /** What a case expected and did not get, and of which policy (a mutated object: the case's first policy, or none). */
    private record Mismatch(String policy, String text) {
    }

    /** Every policy of the suites once, as a SARIF rule. */
    private static List<ObjectNode> rules(List<Prepared> prepared) {
        Map<String, ObjectNode> rules = new java.util.TreeMap<>();
        for (Prepared p : prepared) {
            PolicyDescriptions.of(p.compiled()).forEach(d -> rules.putIfAbsent(d.name(), SarifReport.rule(d)));
        }
        return new ArrayList<>(rules.values());
    }

    /** Every mismatch of one case; empty when the case passed. */
    private static List<Mismatch> run(OfflineAdmission admission, PreparedCase c) {
        PolicyTestSuite.Case spec = c.spec();
        OfflineAdmission.Checked checked = admission.check(c.resource(), c.old(),
                new OfflineAdmission.Requester(spec.operation(), spec.user(), spec.groups()));
        List<Mismatch> mismatches = new ArrayList<>();
        for (PolicyTestSuite.Expectation e : spec.expect()) {
            mismatch(e, checked).ifPresent(m -> mismatches.add(new Mismatch(e.policy(), m)));
        }
        if (c.mutated() != null) {
            JsonNode actual = checked.mutated() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : checked.mutated();
            String policy = spec.expect().isEmpty() ? "mutated-object" : spec.expect().get(0).policy();
            FirstDifference.between(c.mutated(), actual).ifPresent(d -> mismatches.add(new Mismatch(policy, "mutated object differs at " + d)));
        }
        return mismatches;
    }

    /**
     * A policy with reinvocationPolicy IfNeeded reports once per invocation (applied, then skip once
     * its match condition no longer holds); the case sees the strongest: error, applied, unchanged, skip.
     */
    private static String mutationResult(List<MutationResult> invocations) {
        for (MutationResult.Outcome o : List.of(MutationResult.Outcome.ERROR, MutationResult.Outcome.APPLIED, MutationResult.Outcome.UNCHANGED)) {
            for (MutationResult r : invocations) {
                if (r.outcome() == o) {
                    return r.result();
                }
            }
        }
        return "skip";
    }

    private static Optional<String> mismatch(PolicyTestSuite.Expectation e, OfflineAdmission.Checked checked) {
        String label = e.policy() + (e.binding() == null ? "" : " (" + e.binding() + ")");
        List<PolicyResult> results = checked.results().stream()
                .filter(r -> r.policy().equals(e.policy()) && (e.binding() == null || e.binding().equals(r.binding()))).toList();
        List<MutationResult> mutations = checked.mutations().stream()
                .filter(r -> r.policy().equals(e.policy()) && (e.binding() == null || e.binding().equals(r.binding()))).toList();
        Set<String> actual = new LinkedHashSet<>();
        results.forEach(r -> actual.add(r.result()));
        mutations.stream().collect(Collectors.groupingBy(r -> String.valueOf(r.binding()), java.util.TreeMap::new, Collectors.toList()))
                .values().forEach(invocations -> actual.add(mutationResult(invocations)));
        if (actual.isEmpty()) {
            actual.add("skip"); // A mutating policy that did not match, or a binding that does not exist.
        }
        List<String> messages = new ArrayList<>();
        results.forEach(r -> r.violations().forEach(v -> messages.add(v.message())));
        mutations.stream().map(MutationResult::message).filter(m -> m != null).forEach(messages::add);
        if (!actual.equals(Set.of(e.result()))) {
            String detail = messages.isEmpty() ? "" : " (" + messages.get(0) + ")";
            return Optional.of(label + ": expected " + e.result() + ", got " + actual.stream().collect(Collectors.joining("/")) + detail);
        }
        if (e.exception() != null) {
            List<String> carried = results.stream().map(r -> r.exemption() == null ? "none" : r.exemption().exception()).distinct().toList();
            if (results.isEmpty() || !carried.equals(List.of(e.exception()))) {
                return Optional.of(label + ": expected exception " + e.exception() + ", got " + (carried.isEmpty() ? "none" : String.join("/", carried)));
            }
        }
        List<String> missing = e.messages().stream().filter(want -> messages.stream().noneMatch(m -> m.contains(want))).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(label + ": no message contains '" + String.join("', '", missing) + "'"
                + (messages.isEmpty() ? " (it gave none)" : " (messages: " + String.join(" | ", messages) + ")"));
    }
}
