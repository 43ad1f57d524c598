package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.cluster.LiveClusterView;
import dev.celador.engine.ClusterNeeds;
import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.validate.PolicyResult;
import dev.celador.policy.FailurePolicy;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.Problem;
import dev.celador.policy.PlacedExpression;
import dev.celador.view.ClusterView;
import dev.celador.view.LayeredClusterView;
import dev.celador.view.ResourceNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One `celador check` run, streaming: resources are read, checked and written one at a time, so
 * memory does not grow with their number. Lookups (resource.Get/List), namespace selectors and
 * params must still see every resource given, whatever its place in the input, so a first pass
 * keeps just the objects those can read: Namespaces, the kinds the policies name in literal lookup
 * arguments and param kinds (every object, when some lookup computes its arguments), each in a
 * temporary file ({@link FileBackedClusterView}). Standard input is copied to a temporary file for the
 * two passes.
 */
final class CheckRun {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;

    private final AdmissionInput input;
    private final InputStream stdin;
    private final PrintStream err;

    CheckRun(AdmissionInput input, InputStream stdin, PrintStream err) {
        this.input = input;
        this.stdin = stdin;
        this.err = err;
    }

    int run(CheckReport report) {
        return run(report, null);
    }

    /** With a baseline (--against-cluster), each resource is judged against the cluster's version of it. */
    int run(CheckReport report, ClusterBaseline baseline) {
        CompileResult compiled = OfflineAdmission.compile(new PolicyLoader().load(input.policies.stream().map(Path::of).toList()));
        Set<Problem> ofLoadedPolicies = new HashSet<>();
        compiled.policies().forEach(p -> ofLoadedPolicies.addAll(p.problems()));
        compiled.mutatingPolicies().forEach(p -> ofLoadedPolicies.addAll(p.problems()));
        compiled.problems().forEach(p -> err.println("celador check: " + CliProblems.format(p)));
        List<Problem> problems = new ArrayList<>(compiled.problems().stream().filter(p -> !ofLoadedPolicies.contains(p)).toList());

        ResourceReader reader = new ResourceReader();
        if (input.resources.contains("-")) {
            try {
                reader.readStdinFrom(ResourceReader.spool(stdin));
            } catch (IOException e) {
                err.println("celador check: --resources -: cannot read standard input: " + e.getMessage());
                return BAD_INPUT;
            }
        }
        try (FileBackedClusterView.Builder visible = new FileBackedClusterView.Builder()) {
            return check(report, baseline, compiled, problems, reader, visible);
        } catch (FileBackedClusterView.Unavailable e) {
            err.println("celador check: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private int check(CheckReport report, ClusterBaseline baseline, CompileResult compiled, List<Problem> problems,
            ResourceReader reader, FileBackedClusterView.Builder visible) {
        List<JsonNode> state = reader.read(input.clusterState, stdin);
        state.forEach(visible::add);
        if (baseline != null) {
            baseline.offline(state);
        }
        List<JsonNode> olds = reader.read(input.old, stdin);
        Predicate<JsonNode> readable = readableByPolicies(compiled);
        ResourceReader firstPass = reader.sameStdin();
        firstPass.each(input.resources, stdin, placed -> {
            if (readable.test(placed.object())) {
                visible.add(placed.object());
            }
        });
        ClusterView sealed = visible.seal();
        OfflineAdmission admission = OfflineAdmission.of(compiled,
                baseline == null || baseline.lookups() == null ? sealed : new LayeredClusterView(sealed, baseline.lookups()));
        OfflineAdmission.Requester requester = input.requester();

        Map<String, Integer> summary = new LinkedHashMap<>();
        for (String r : List.of("pass", "fail", "warn", "error", "skip")) {
            summary.put(r, 0);
        }
        Map<String, String> seen = new HashMap<>();
        List<String> warnings = new ArrayList<>();
        boolean[] denied = {false};
        boolean[] unreadable = {false};
        report.begin(compiled);
        reader.each(input.resources, stdin, placed -> {
            OfflineAdmission.Checked checked;
            if (baseline == null) {
                checked = admission.check(placed.object(), AdmissionInput.oldOf(olds, placed.object()), requester);
            } else {
                ClusterBaseline.Judged judged;
                try {
                    judged = baseline.judge(placed.object(), requester);
                } catch (LiveClusterView.LiveReadFailed e) {
                    err.println("celador check: --against-cluster: " + e.getMessage());
                    unreadable[0] = true;
                    return;
                }
                err.println("celador check: " + judged.note());
                checked = admission.check(judged.object(), judged.old(), judged.requester());
                placed = new ResourceReader.Placed(judged.object(), placed.file(), placed.line());
            }
            CheckedResource resource = CheckedResource.of(placed, checked);
            for (PolicyResult r : checked.results()) {
                summary.merge(r.result(), 1, Integer::sum);
                denied[0] |= wouldDeny(r);
            }
            String key = resource.apiVersion().replaceAll("/.*", "") + " " + resource.describe();
            String first = seen.putIfAbsent(key, resource.place());
            if (first != null) {
                String warning = resource.describe() + " is given more than once (" + first + " and " + resource.place()
                        + "): each is checked on its own, as if created alone";
                warnings.add(warning);
                err.println("celador check: warning: " + warning);
            }
            report.resource(resource);
        });
        reader.problems().forEach(p -> err.println("celador check: " + CliProblems.format(p)));
        problems.addAll(reader.problems());
        report.end(summary, problems, warnings);
        if (!problems.isEmpty() || unreadable[0]) {
            return BAD_INPUT;
        }
        return denied[0] ? FAILED : OK;
    }

    /**
     * A fail, or an error that failurePolicy Fail enforces: what the webhook would refuse (Warn
     * only aside). An error under Ignore is reported, and let through as the webhook lets it.
     */
    private static boolean wouldDeny(PolicyResult r) {
        String result = r.result();
        return result.equals("fail") || result.equals("error") && r.failurePolicy() == FailurePolicy.FAIL;
    }

    /** The objects a policy can read besides the one it checks: see the class comment. */
    static Predicate<JsonNode> readableByPolicies(CompileResult compiled) {
        ClusterNeeds needs = ClusterNeeds.of(compiled.policies(), compiled.mutatingPolicies());
        boolean computed = Stream.concat(compiled.policies().stream().flatMap(p -> p.source().expressions().stream()),
                        compiled.mutatingPolicies().stream().flatMap(p -> p.source().expressions().stream()))
                .map(PlacedExpression::text)
                .anyMatch(ClusterNeeds::hasComputedLookup);
        if (computed) {
            return object -> true;
        }
        return object -> {
            String apiVersion = object.path("apiVersion").asText();
            String kind = object.path("kind").asText();
            if (kind.equals("Namespace") && apiVersion.equals("v1")) {
                return true;
            }
            String resource = ResourceNames.resourceOf(kind);
            return needs.resources().stream().anyMatch(r -> r.apiVersion().equals(apiVersion) && r.resource().equals(resource))
                    || needs.paramKinds().stream().anyMatch(k -> k.apiVersion().equals(apiVersion) && k.kind().equals(kind));
        };
    }
}
