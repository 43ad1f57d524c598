package dev.celador.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fixtures of src/test/resources/policy/locations and what their files hold at a problem's place. */
public final class ProblemLocations {

    public static final Path DIR = Path.of("src/test/resources/policy/locations");

    private ProblemLocations() {
    }

    public static Path fixture(String scenario) {
        return DIR.resolve(scenario + ".yaml");
    }

    /** The text of the problem's file from its line and column to the end of that line. */
    public static String textAt(Problem problem) {
        try {
            List<String> lines = Files.readAllLines(Path.of(problem.source().file()));
            String line = lines.get(problem.source().line() - 1);
            return line.substring(line.offsetByCodePoints(0, problem.source().column() - 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
