package dev.celador.engine;

import dev.celador.engine.compile.CompileResult;
import dev.celador.engine.compile.PolicyCompiler;
import dev.celador.policy.Document;
import dev.celador.policy.PolicyLoader;
import dev.celador.policy.PolicyLoader.FileDocuments;
import dev.celador.policy.PolicyTree;
import dev.celador.policy.Problem;
import dev.celador.policy.SourceRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a policy tree, again and again, so that enforcement never lapses: a file that cannot be
 * read, parsed or compiled (invalid YAML, a half-written file, a vanished mount target, a CEL
 * error) keeps the documents of its last clean version, policies, bindings and params alike. What
 * a file defined goes away only when the file is deleted or a clean version no longer holds it.
 * A file that never loaded cleanly loads as it is: its policies that do not compile still match,
 * and their failurePolicy decides (see PolicyCompiler). The active set's problems are always those
 * of the files as they are now, plus a note for each file whose last good version stays active.
 * Not thread-safe: one loader per directory, called by one thread at a time.
 */
public final class LastGoodLoader {

    /** The note added for a file whose last good version stays active. */
    public static final String KEPT = "the last version of this file that loaded cleanly stays active until its problems are fixed";

    private final PolicyLoader loader = new PolicyLoader();
    private final PolicyCompiler compiler;
    /** Each file's documents as of its last clean load. */
    private Map<String, List<Document>> lastGood = Map.of();

    public LastGoodLoader(PolicyCompiler compiler) {
        this.compiler = compiler;
    }

    public CompileResult load(PolicyTree tree) {
        return load(tree, loader.parse(tree));
    }

    /** As {@link #load(PolicyTree)}, with the tree's files already parsed (the first load parses while CEL starts). */
    public CompileResult load(PolicyTree tree, Map<String, FileDocuments> files) {
        List<Problem> readProblems = new ArrayList<>(tree.problems());
        files.values().forEach(f -> readProblems.addAll(f.problems()));
        CompileResult now = compile(documentsOf(files, Map.of()), readProblems);

        Set<String> troubled = troubledFiles(now.problems());
        boolean treeUnreadable = !tree.problems().isEmpty();
        Map<String, List<Document>> substitutes = new LinkedHashMap<>();
        lastGood.forEach((file, docs) -> {
            if (troubled.contains(file) || treeUnreadable && !files.containsKey(file)) {
                substitutes.put(file, docs);
            }
        });

        Map<String, List<Document>> nextGood = new HashMap<>();
        files.forEach((file, f) -> {
            if (!troubled.contains(file)) {
                nextGood.put(file, f.documents());
            }
        });
        nextGood.putAll(substitutes);
        lastGood = Map.copyOf(nextGood);
        if (substitutes.isEmpty()) {
            return now;
        }

        Map<String, List<Document>> documents = documentsOf(files, substitutes);
        List<Problem> problems = new ArrayList<>(now.problems());
        substitutes.keySet().forEach(file -> problems.add(Problem.of(new SourceRef(file, 0, ""), null, KEPT)));
        CompileResult kept = compile(documents, List.of());
        return new CompileResult(kept.policies(), kept.bindings(), kept.mutatingPolicies(), kept.mutatingBindings(),
                kept.objects(), problems, kept.exceptions());
    }

    private CompileResult compile(Map<String, List<Document>> documents, List<Problem> readProblems) {
        List<Document> all = new ArrayList<>();
        documents.values().forEach(all::addAll);
        return compiler.compile(loader.assemble(all, readProblems));
    }

    /** The documents to load: each file's own, or its substitute; substitutes of files no longer listed too. */
    private static Map<String, List<Document>> documentsOf(Map<String, FileDocuments> files, Map<String, List<Document>> substitutes) {
        Map<String, List<Document>> out = new LinkedHashMap<>();
        files.forEach((file, f) -> out.put(file, substitutes.getOrDefault(file, f.documents())));
        substitutes.forEach(out::putIfAbsent);
        return out;
    }

    /**
     * Files with a problem of their own. A binding that names a policy which is not loaded is not
     * one: holding the binding's file back would not bring the policy back.
     */
    private static Set<String> troubledFiles(List<Problem> problems) {
        Set<String> files = new HashSet<>();
        for (Problem p : problems) {
            if (p.source().file() != null && !p.message().endsWith(PolicyCompiler.BINDING_WITHOUT_EFFECT)) {
                files.add(p.source().file());
            }
        }
        return files;
    }
}
