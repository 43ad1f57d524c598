package dev.celador.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** `celador test` run in-process on the fixture trees under cli-test/: report lines, exit codes, JUnit XML. */
class TestCommandTest {

    private static final String TREE = "src/test/resources/cli-test/";

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    private static Run test(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("test"));
        all.addAll(List.of(args));
        int exit = CeladorMain.run(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all.toArray(String[]::new));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passesASuiteOfValidationWarningSkipAndMutationCases_exitZero() {
        Run run = test(TREE + "passing");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith(TREE + "passing/policy-test.yaml\n");
        assertThat(run.out()).contains("  PASS  warns on a quorum StatefulSet with one replica\n",
                "  PASS  denies a StatefulSet without volumeClaimTemplates\n", "  PASS  gives a claim the configured class\n");
        assertThat(run.out()).endsWith("3 cases in 1 files: 3 passed, 0 failed\n");
    }

    @Test
    void failsACaseWhoseExpectedResultDiffers_namingExpectedAndActual_exitOne() {
        Run run = test(TREE + "failing-expectation");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("  FAIL  expects a pass that the policy denies: statefulset-volume-claim-templates: expected pass, got fail"
                + " (StatefulSet postgres has no spec.volumeClaimTemplates");
        assertThat(run.out()).contains("  PASS  expects the denial\n");
        assertThat(run.out()).endsWith("2 cases in 1 files: 1 passed, 1 failed\n");
    }

    @Test
    void checksExpectedMessages_failingTheCaseThatMissesOne_namingWhatWasMissingAndWhatCame() {
        Run run = test(TREE + "message-expectations");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("  PASS  finds the expected words in the denial\n");
        assertThat(run.out()).contains("  FAIL  expects words the denial does not contain: statefulset-volume-claim-templates: "
                + "no message contains 'headless Service' (messages: StatefulSet postgres has no spec.volumeClaimTemplates");
        assertThat(run.out()).doesNotContain("no message contains 'PersistentVolumeClaim");
    }

    @Test
    void exitsTwo_whenExpectedMessagesAreNotAListOfStrings() {
        Run run = test(TREE + "bad-input/bad-messages");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("cases[0].expect[0].messages", "messages must be a list of strings");
    }

    @Test
    void failsACaseWhoseMutatedObjectDiffers_namingTheFirstDifferingField() {
        Run run = test(TREE + "wrong-mutated");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("  FAIL  expects the wrong class: mutated object differs at spec.storageClassName: "
                + "expected \"premium\", got \"standard\"\n");
    }

    @Test
    void runsEveryTestFileUnderADirectory_inPathOrder() {
        Run run = test(TREE + "passing", TREE + "failing-expectation", TREE + "wrong-mutated");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).endsWith("6 cases in 3 files: 4 passed, 2 failed\n");
    }

    @Test
    void exitsTwo_whenAReferencedFileIsMissing() {
        Run run = test(TREE + "bad-input/missing-resource");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("cases[0].resource").contains("no such file").contains("no-such-statefulset.yaml");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void exitsTwo_whenAnExpectationNamesAPolicyThatIsNotLoaded() {
        Run run = test(TREE + "bad-input/unknown-policy");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("cases[0].expect[0].policy").contains("no policy 'statefulset-volume-claim-template'");
    }

    @Test
    void exitsTwo_whenAPolicyDoesNotLoad() {
        Run run = test(TREE + "bad-input/broken-policy");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("bad-policy.yaml");
    }

    @Test
    void exitsTwo_whenATestFileDoesNotParse() {
        Run run = test(TREE + "bad-input/unparseable");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unparseable/policy-test.yaml");
    }

    @Test
    void exitsTwo_whenNoTestFilesAreFound() {
        Run run = test(TREE + "resources");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no PolicyTest files");
    }

    @Test
    void writesJUnitXml_oneSuitePerFile_oneTestcasePerCase_failuresWithTheMismatch() throws Exception {
        Path xml = tmp.resolve("reports/celador.xml");

        Run run = test(TREE + "passing", TREE + "failing-expectation", "--junit", xml.toString());

        assertThat(run.exit()).isEqualTo(1);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("5");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element passing = (Element) suites.item(0);
        assertThat(passing.getAttribute("name")).isEqualTo(TREE + "passing/policy-test.yaml");
        assertThat(passing.getAttribute("tests")).isEqualTo("3");
        assertThat(passing.getAttribute("failures")).isEqualTo("0");
        assertThat(passing.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        assertThat(passing.getElementsByTagName("failure").getLength()).isZero();
        Element failing = (Element) suites.item(1);
        assertThat(failing.getAttribute("failures")).isEqualTo("1");
        Element testcase = (Element) failing.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("name")).isEqualTo("expects a pass that the policy denies");
        assertThat(testcase.getAttribute("classname")).isEqualTo(TREE + "failing-expectation/policy-test.yaml");
        Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("statefulset-volume-claim-templates: expected pass, got fail");
        assertThat(failing.getElementsByTagName("testcase").item(1).getChildNodes().getLength()).isZero();
    }
}
