package dev.celador.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.celador.policy.Document;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One `kind: PolicyTest` document: the policies and cluster state to load and the cases to run,
 * every path resolved against the test file's directory. Reading collects every problem.
 */
record PolicyTestSuite(String file, List<Path> policies, List<Path> clusterState, List<Case> cases) {

    static final String API_VERSION = "celador.dev/v1alpha1";
    static final String KIND = "PolicyTest";
    static final Set<String> RESULTS = Set.of("pass", "fail", "warn", "error", "skip", "applied", "unchanged");
    private static final Set<String> OPERATIONS = Set.of("CREATE", "UPDATE", "DELETE");

    PolicyTestSuite {
        policies = List.copyOf(policies);
        clusterState = List.copyOf(clusterState);
        cases = List.copyOf(cases);
    }

    /**
     * One request (line: where the case starts in the test file): the resource (and old object), who sends it, the policy exceptions that apply to
     * this case only (on top of any among the suite's policies), and what each named policy must answer.
     */
    record Case(String name, Path resource, String operation, Path old, String user, List<String> groups,
            List<Expectation> expect, Path mutated, List<Path> exceptions, int line) {

        Case {
            groups = List.copyOf(groups);
            expect = List.copyOf(expect);
            exceptions = List.copyOf(exceptions);
        }
    }

    /**
     * binding null means every binding of the policy must give the result; each of messages must
     * appear (as a substring) in some message the policy gives; exception, when set, is the id
     * ("namespace/name", or the name of one without a namespace) of the policy exception every
     * such result must carry.
     */
    record Expectation(String policy, String binding, String result, List<String> messages, String exception) {

        Expectation {
            messages = List.copyOf(messages);
        }
    }

    static boolean isPolicyTest(Document doc) {
        return doc.apiVersion().equals(API_VERSION) && doc.kind().equals(KIND);
    }

    /** The suite, or null when the document has problems (each reported). */
    static PolicyTestSuite read(Document doc, Consumer<Problem> problems) {
        JsonNode node = doc.node();
        SourceRef src = doc.source();
        Path dir = Path.of(src.file()).toAbsolutePath().getParent();
        List<Problem> found = new ArrayList<>();
        Consumer<Problem> counted = found::add;
        List<Path> policies = paths(node.path("policies"), dir, src.at("policies"), true, counted);
        List<Path> clusterState = paths(node.path("clusterState"), dir, src.at("clusterState"), false, counted);
        List<Case> cases = new ArrayList<>();
        JsonNode list = node.path("cases");
        if (!list.isArray() || list.isEmpty()) {
            counted.accept(Problem.of(src.at("cases"), null, "cases must be a non-empty list"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                Case c = readCase(list.get(i), dir, src.at("cases").index(i), counted);
                if (c != null) {
                    cases.add(c);
                }
            }
        }
        found.forEach(problems);
        return found.isEmpty() ? new PolicyTestSuite(src.file(), policies, clusterState, cases) : null;
    }

    private static Case readCase(JsonNode c, Path dir, SourceRef src, Consumer<Problem> problems) {
        String name = text(c, "name", src, true, problems);
        Path resource = path(c, "resource", dir, src, true, problems);
        String operation = c.path("operation").asText("CREATE");
        if (!OPERATIONS.contains(operation)) {
            problems.accept(Problem.of(src.at("operation"), null, "operation must be CREATE, UPDATE or DELETE, not '" + operation + "'"));
        }
        Path old = path(c, "old", dir, src, false, problems);
        String user = c.path("user").asText("celador-cli");
        List<String> groups = new ArrayList<>();
        c.path("groups").forEach(g -> groups.add(g.asText()));
        Path mutated = path(c, "mutated", dir, src, false, problems);
        List<Expectation> expect = new ArrayList<>();
        JsonNode list = c.path("expect");
        if (!list.isArray() || (list.isEmpty() && mutated == null)) {
            problems.accept(Problem.of(src.at("expect"), name, "expect must list at least one {policy, result} (or give mutated)"));
        } else {
            for (int i = 0; i < list.size(); i++) {
                JsonNode e = list.get(i);
                SourceRef at = src.at("expect").index(i);
                String policy = text(e, "policy", at, true, problems);
                String result = text(e, "result", at, true, problems);
                if (result != null && !RESULTS.contains(result)) {
                    problems.accept(Problem.of(at.at("result"), name,
                            "result must be pass, fail, warn, error or skip (applied or unchanged for a mutating policy), not '" + result + "'"));
                }
                List<String> messages = new ArrayList<>();
                JsonNode m = e.path("messages");
                if (!m.isMissingNode() && !(m.isArray() && allText(m))) {
                    problems.accept(Problem.of(at.at("messages"), name, "messages must be a list of strings, each expected in some message"));
                }
                m.forEach(t -> messages.add(t.asText()));
                String exception = text(e, "exception", at, false, problems);
                expect.add(new Expectation(policy, e.hasNonNull("binding") ? e.path("binding").asText() : null, result, messages,
                        exception));
            }
        }
        List<Path> exceptions = paths(c.path("exceptions"), dir, src.at("exceptions"), false, problems);
        return new Case(name, resource, operation, old, user, groups, expect, mutated, exceptions, src.located().line());
    }

    private static boolean allText(JsonNode list) {
        for (JsonNode t : list) {
            if (!t.isTextual() || t.asText().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static List<Path> paths(JsonNode list, Path dir, SourceRef src, boolean required, Consumer<Problem> problems) {
        List<Path> paths = new ArrayList<>();
        if (list.isMissingNode() && !required) {
            return paths;
        }
        if (!list.isArray() || (required && list.isEmpty())) {
            problems.accept(Problem.of(src, null, "must be a " + (required ? "non-empty " : "") + "list of paths relative to the test file"));
            return paths;
        }
        for (int i = 0; i < list.size(); i++) {
            Path p = dir.resolve(list.get(i).asText()).normalize();
            if (!p.toFile().exists()) {
                problems.accept(Problem.of(src.index(i), null, "no such file or directory: " + p));
            }
            paths.add(p);
        }
        return paths;
    }

    private static Path path(JsonNode node, String field, Path dir, SourceRef src, boolean required, Consumer<Problem> problems) {
        String value = text(node, field, src, required, problems);
        if (value == null) {
            return null;
        }
        Path p = dir.resolve(value).normalize();
        if (!p.toFile().isFile()) {
            problems.accept(Problem.of(src.at(field), null, "no such file: " + p));
        }
        return p;
    }

    private static String text(JsonNode node, String field, SourceRef src, boolean required, Consumer<Problem> problems) {
        JsonNode value = node.path(field);
        if (value.isTextual() && !value.asText().isEmpty()) {
            return value.asText();
        }
        if (required || !value.isMissingNode()) {
            problems.accept(Problem.of(src.at(field), null, field + " must be a non-empty string"));
        }
        return null;
    }
}
