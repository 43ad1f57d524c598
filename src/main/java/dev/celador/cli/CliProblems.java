package dev.celador.cli;

import dev.celador.policy.Problem;

/**
 * How the commands print an input problem: as lint does (`file:line:column: policy/field:
 * message`), except a problem with a whole file or path (no line, policy or field), printed as
 * `path: message` so that a missing file reads as one.
 */
final class CliProblems {

    private CliProblems() {
    }

    static String format(Problem p) {
        boolean wholeFile = p.source().line() == 0 && p.policy() == null
                && (p.source().fieldPath() == null || p.source().fieldPath().isEmpty());
        return wholeFile ? (p.source().file() == null ? "<inline>" : p.source().file()) + ": " + p.message() : LintCommand.format(p);
    }
}
