package dev.celador.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * What a command line that cannot be parsed gets: every unknown option named, with the option it
 * was most likely meant to be, before any other complaint (a typo in `--policies` is the cause of
 * "missing --policies", not the other way round); then where the options are listed. Exit 2.
 */
final class UsageErrors {

    static final int USAGE = 2;

    private UsageErrors() {
    }

    static int report(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        CommandSpec spec = cmd.getCommandSpec();
        PrintWriter err = cmd.getErr();
        String name = spec.qualifiedName();
        List<String> unknown = unknownOptions(spec, args);
        if (unknown.isEmpty()) {
            err.println(name + ": " + ex.getMessage());
        } else {
            for (String option : unknown) {
                String guess = closest(option, spec.optionsMap().keySet());
                err.println(name + ": unknown option " + option + (guess == null ? "" : " (did you mean " + guess + "?)"));
            }
        }
        err.println("Options: " + name + " --help");
        err.flush();
        return USAGE;
    }

    /** The arguments after the command's name that look like options the command does not have. */
    static List<String> unknownOptions(CommandSpec spec, String[] args) {
        Set<String> known = spec.optionsMap().keySet();
        List<String> unknown = new ArrayList<>();
        boolean after = spec.parent() == null;
        for (String arg : args) {
            if (!after) {
                after = arg.equals(spec.name());
                continue;
            }
            if (arg.equals("--")) {
                break;
            }
            if (arg.startsWith("-") && arg.length() > 1 && !isNumber(arg)) {
                String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (!known.contains(option)) {
                    unknown.add(option);
                }
            }
        }
        return unknown;
    }

    private static boolean isNumber(String arg) {
        return arg.matches("-\\d+(\\.\\d+)?");
    }

    /** The known option nearest to a typed one: sharing its first four letters, or at most two edits away. */
    static String closest(String typed, Set<String> known) {
        return known.stream()
                .filter(k -> k.startsWith("--") == typed.startsWith("--"))
                .filter(k -> commonPrefix(words(k), words(typed)) >= 4 || distance(typed, k) <= 2)
                .min(Comparator.comparingInt((String k) -> distance(typed, k)).thenComparing(k -> k))
                .orElse(null);
    }

    private static String words(String option) {
        return option.replaceFirst("^-+", "");
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
