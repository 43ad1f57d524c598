package dev.celador.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The times a server JVM stopped every thread, read from its {@code -Xlog:gc,safepoint:...:timemillis}
 * file: a stop delays every request in flight, so a row's p99 is read beside them. A safepoint's
 * total includes the time to reach it (a thread in a long loop delays the stop for all the others).
 */
final class VmStops {

    /** JVM option writing the log this class reads. */
    static String logOption(Path file) {
        return "-Xlog:gc,safepoint:file=" + file + ":timemillis";
    }

    private static final Pattern SAFEPOINT = Pattern.compile(
            "^\\[(\\d+)ms\\] Safepoint \"([^\"]+)\".*Reaching safepoint: (\\d+) ns.*Total: (\\d+) ns");
    private static final Pattern FULL = Pattern.compile("^\\[(\\d+)ms\\] GC\\(\\d+\\) Pause Full");

    /** Stops of 1 ms or more, their total and longest, the longest time to reach one, full collections. */
    record Summary(int stopsOver1ms, double stoppedMillis, double longestMillis, double longestReachMillis, int fullCollections) {
    }

    private VmStops() {
    }

    /** What the log shows between two wall-clock instants (milliseconds since the epoch). */
    static Summary between(Path file, long fromMillis, long toMillis) {
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            lines = List.of();
        }
        return summarise(lines, fromMillis, toMillis);
    }

    static Summary summarise(List<String> lines, long fromMillis, long toMillis) {
        int over = 0;
        int full = 0;
        double stopped = 0;
        double longest = 0;
        double reach = 0;
        for (String line : lines) {
            Matcher s = SAFEPOINT.matcher(line);
            if (s.find()) {
                long at = Long.parseLong(s.group(1));
                if (at < fromMillis || at > toMillis) {
                    continue;
                }
                double total = Long.parseLong(s.group(4)) / 1e6;
                stopped += total;
                longest = Math.max(longest, total);
                reach = Math.max(reach, Long.parseLong(s.group(3)) / 1e6);
                if (total >= 1) {
                    over++;
                }
                continue;
            }
            Matcher f = FULL.matcher(line);
            if (f.find()) {
                long at = Long.parseLong(f.group(1));
                if (at >= fromMillis && at <= toMillis) {
                    full++;
                }
            }
        }
        return new Summary(over, stopped, longest, reach, full);
    }
}
