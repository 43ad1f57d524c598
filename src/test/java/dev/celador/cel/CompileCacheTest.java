package dev.celador.cel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCacheTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("compile-cache");
    }

    private static Object evaluate(CompileOutcome outcome, Map<String, Object> object) throws Exception {
        Map<String, Object> activation = LazyVariablesTest.activation(object);
        activation.put(CelEnvironment.VARIABLES, Map.of());
        return outcome.expression().evaluate(activation);
    }

    @Test
    void aRestartReusesTheCheckedExpression_andItEvaluatesAsBefore() throws Exception {
        String expression = "object.spec.replicas > 2 && object.metadata.name.startsWith('db')";
        CelEnvironment first = CelEnvironment.withCompileCache(file(), null);
        assertEquals(null, first.compile(expression, ExpectedType.BOOL).error());
        first.saveCompileCache();

        CelEnvironment restarted = CelEnvironment.withCompileCache(file(), null);
        assertEquals(1, restarted.compileCache().size());
        assertNotNull(restarted.compileCache().get(expression, ExpectedType.BOOL));
        CompileOutcome outcome = restarted.compile(expression, ExpectedType.BOOL);

        assertEquals(true, evaluate(outcome, Map.of("spec", Map.of("replicas", 3L), "metadata", Map.of("name", "db-0"))));
        assertEquals(false, evaluate(outcome, Map.of("spec", Map.of("replicas", 1L), "metadata", Map.of("name", "db-0"))));
        assertTrue(outcome.expression().fast() != null, "the fast path translates a reused expression too");
    }

    @Test
    void aBrokenExpressionIsNeverKept_soEveryLoadReportsIt() throws Exception {
        assertNeverKept("object.spec.replicas >", ExpectedType.BOOL);
    }

    /** Compiles expression, which must fail, saves, and finds nothing kept and the same error after a restart. */
    private void assertNeverKept(String expression, ExpectedType type) throws Exception {
        CelEnvironment first = CelEnvironment.withCompileCache(file(), null);
        String error = first.compile(expression, type).error();
        assertNotNull(error);
        first.saveCompileCache();

        CelEnvironment restarted = CelEnvironment.withCompileCache(file(), null);
        assertEquals(0, restarted.compileCache().size());
        assertEquals(error, restarted.compile(expression, type).error());
    }

    @Test
    void aRestartReusesACheckedMutation_andItBuildsTheSameObject() throws Exception {
        String expression = "Object{metadata: Object.metadata{labels: Object.metadata.labels{owner: object.metadata.name}}}";
        CelEnvironment first = CelEnvironment.withCompileCache(file(), null);
        Object before = evaluate(first.compile(expression, ExpectedType.APPLY_CONFIGURATION), Map.of("metadata", Map.of("name", "db")));
        first.saveCompileCache();

        CelEnvironment restarted = CelEnvironment.withCompileCache(file(), null);
        restarted.decodeCompileCacheAhead();
        assertEquals(1, restarted.compileCache().decodedAhead());
        Object after = evaluate(restarted.compile(expression, ExpectedType.APPLY_CONFIGURATION), Map.of("metadata", Map.of("name", "db")));
        assertEquals(0, restarted.compileCache().decodedAhead(), "the mutation was taken from the cache");

        assertEquals(Map.of("metadata", Map.of("labels", Map.of("owner", "db"))), before);
        assertEquals(before, after);
    }

    @Test
    void aMutationOfTheWrongShapeIsNeverKept() throws Exception {
        assertNeverKept("[JSONPatch{op: 'add', path: '/metadata/labels/a', value: 'b'}]", ExpectedType.APPLY_CONFIGURATION);
    }

    @Test
    void entriesDecodedAheadServeTheLoad_andWhatItDidNotAskForIsDroppedAtTheSave() throws Exception {
        CelEnvironment first = CelEnvironment.withCompileCache(file(), null);
        first.compile("object.spec.replicas > 2", ExpectedType.BOOL);
        first.compile("object.metadata.name.startsWith('db')", ExpectedType.BOOL);
        first.saveCompileCache();

        CelEnvironment restarted = CelEnvironment.withCompileCache(file(), null);
        restarted.decodeCompileCacheAhead();
        assertEquals(2, restarted.compileCache().decodedAhead());
        CompileOutcome outcome = restarted.compile("object.spec.replicas > 2", ExpectedType.BOOL);
        assertEquals(1, restarted.compileCache().decodedAhead());
        restarted.saveCompileCache();

        assertEquals(true, evaluate(outcome, Map.of("spec", Map.of("replicas", 3L))));
        assertEquals(0, restarted.compileCache().decodedAhead());
        assertEquals(1, CelEnvironment.withCompileCache(file(), null).compileCache().size(), "the file follows what the load used");
    }

    @Test
    void theExpectedTypeIsPartOfTheEntry() throws Exception {
        CelEnvironment first = CelEnvironment.withCompileCache(file(), null);
        assertEquals(null, first.compile("'a string'", ExpectedType.STRING).error());
        first.saveCompileCache();

        CompileOutcome asBool = CelEnvironment.withCompileCache(file(), null).compile("'a string'", ExpectedType.BOOL);

        assertFalse(asBool.ok());
        assertTrue(asBool.error().contains("must evaluate to bool"), asBool.error());
    }

    @Test
    void aFileOfAnotherEnvironmentIsIgnored() throws Exception {
        CelEnvironment first = CelEnvironment.withCompileCache(file(), null);
        first.compile("object.spec.replicas > 2", ExpectedType.BOOL);
        first.saveCompileCache();

        assertTrue(Files.size(file()) > 0);
        assertEquals(0, CompileCache.open(file(), null, "fingerprint-of-another-build").size());
    }

    @Test
    void aDamagedFileIsIgnored_andRewrittenAtTheNextSave() throws Exception {
        Files.write(file(), new byte[] {0, 23, 'c', 'e', 'l', 'a', 'd', 'o', 'r', 1, 2, 3});
        CelEnvironment env = CelEnvironment.withCompileCache(file(), null);
        assertEquals(0, env.compileCache().size());
        assertEquals(null, env.compile("object.spec.replicas > 2", ExpectedType.BOOL).error());
        env.saveCompileCache();

        assertEquals(1, CelEnvironment.withCompileCache(file(), null).compileCache().size());
    }

    @Test
    void theFileFollowsThePolicies_keepingOnlyWhatTheLastLoadUsed() throws Exception {
        CelEnvironment first = CelEnvironment.withCompileCache(file(), null);
        first.compile("object.a == 1", ExpectedType.BOOL);
        first.compile("object.b == 2", ExpectedType.BOOL);
        first.saveCompileCache();

        CelEnvironment afterAnEdit = CelEnvironment.withCompileCache(file(), null);
        afterAnEdit.compile("object.a == 1", ExpectedType.BOOL);
        afterAnEdit.saveCompileCache();

        CompileCache now = CelEnvironment.withCompileCache(file(), null).compileCache();
        assertEquals(1, now.size());
        assertNotNull(now.get("object.a == 1", ExpectedType.BOOL));
    }

    @Test
    void aReloadRewritesTheFileWithWhatItCompiled_notWithEverythingSinceTheStart() throws Exception {
        CelEnvironment server = CelEnvironment.withCompileCache(file(), null);
        server.compile("object.a == 1", ExpectedType.BOOL);
        server.compile("object.b == 2", ExpectedType.BOOL);
        server.saveCompileCache();

        // The reload after an edit that removed the second expression, in the same environment.
        server.compile("object.a == 1", ExpectedType.BOOL);
        server.saveCompileCache();

        CompileCache now = CelEnvironment.withCompileCache(file(), null).compileCache();
        assertEquals(1, now.size());
        assertNotNull(now.get("object.a == 1", ExpectedType.BOOL));
    }

    @Test
    void aNewPodStartsFromTheImagesSeed_andSavesToItsOwnFile() throws Exception {
        Path seed = dir.resolve("seed");
        CelEnvironment build = CelEnvironment.withCompileCache(seed, null);
        build.compile("object.a == 1", ExpectedType.BOOL);
        build.saveCompileCache();
        long seedSize = Files.size(seed);

        CelEnvironment pod = CelEnvironment.withCompileCache(file(), seed);
        assertNotNull(pod.compileCache().get("object.a == 1", ExpectedType.BOOL));
        pod.compile("object.a == 1", ExpectedType.BOOL);
        pod.compile("object.b == 2", ExpectedType.BOOL);
        pod.saveCompileCache();

        assertEquals(seedSize, Files.size(seed), "the seed is never written");
        assertEquals(2, CelEnvironment.withCompileCache(file(), seed).compileCache().size(), "its own file wins once written");
    }
}
