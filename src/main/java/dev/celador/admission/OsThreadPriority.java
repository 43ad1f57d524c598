package dev.celador.admission;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Lowers the operating system's scheduling priority (raises the nice value) of the threads that
 * may wait: the large lane and the background audit. Java's thread priorities do nothing on Linux
 * (HotSpot ignores them unless it runs as root with ThreadPriorityPolicy=1), so on a busy node a
 * 1 MiB review or an audit pass took the CPU from the small reviews in equal share. With a nice of
 * 10 a thread gets about a tenth of what a normal thread gets while both want the CPU, and all of
 * it when the normal ones sleep; the kernel lets a waking normal thread preempt it at once.
 *
 * <p>Any process may lower its own threads' priority (no capability needed). Linux applies a nice
 * value per thread (setpriority on a thread id); Java names no thread ids, so the thread reads its
 * own from /proc/thread-self and asks util-linux's renice. Where either is missing the thread keeps
 * its priority and works as before; a debug line says so.
 */
public final class OsThreadPriority {

    private static final Logger LOG = Logger.getLogger(OsThreadPriority.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private OsThreadPriority() {
    }

    /** Sets the calling thread's nice value (0 normal, 19 lowest); false when the system did not allow it. */
    public static boolean lowerCurrentThread(int nice) {
        OptionalInt tid = currentThreadId();
        if (tid.isEmpty()) {
            LOG.debugf("thread %s keeps its priority: no /proc/thread-self", Thread.currentThread().getName());
            return false;
        }
        try {
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", Integer.toString(tid.getAsInt()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (renice.waitFor(5, TimeUnit.SECONDS) && renice.exitValue() == 0) {
                return true;
            }
            renice.destroyForcibly();
            LOG.debugf("thread %s keeps its priority: renice failed", Thread.currentThread().getName());
        } catch (IOException e) {
            LOG.debugf("thread %s keeps its priority: %s", Thread.currentThread().getName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The calling thread's nice value as the kernel applies it, when /proc tells. */
    public static OptionalInt currentNice() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            // the command name (field 2) may hold spaces and parentheses: count fields after its last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return OptionalInt.of(Integer.parseInt(fields[16])); // field 19 of proc(5), the 17th after the name
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static OptionalInt currentThreadId() {
        try {
            // a link to <pid>/task/<tid>
            return OptionalInt.of(Integer.parseInt(Files.readSymbolicLink(THREAD_SELF).getFileName().toString()));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * Daemon threads named prefix1, prefix2... that set their nice value before their first task;
     * with a nice value of 0 they keep the process's priority (no renice is run).
     */
    public static ThreadFactory threads(String prefix, int nice) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(nice == 0 ? r : () -> {
                lowerCurrentThread(nice);
                r.run();
            }, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
