package dev.celador.engine.compile;

import dev.celador.policy.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The text a request is denied with when its policy's document did not read cleanly. */
final class LoadErrors {

    private LoadErrors() {
    }

    /** "policy could not be loaded: field: message; field: message", one line. */
    static String summary(List<Problem> problems) {
        return "policy could not be loaded: " + problems.stream()
                .map(p -> (p.source().fieldPath() == null || p.source().fieldPath().isEmpty() ? "" : p.source().fieldPath() + ": ")
                        + p.message().replace('\n', ' '))
                .collect(Collectors.joining("; "));
    }
}
