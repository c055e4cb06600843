package ch.iiz.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time of a process per thread, read from {@code /proc/<pid>/task/<tid>/stat} (utime + stime, in clock ticks of
 * 10 ms): stable on noisy machines where throughput is not. JIT compiler threads are reported apart, because a
 * young JVM spends much of its CPU compiling.
 */
final class ProcCpu {

    static final long TICK_MS = 10; // USER_HZ = 100 on Linux

    /** CPU milliseconds used so far by the process's threads: application threads and JIT threads apart. */
    record Sample(long applicationMs, long jitMs) {
        Sample minus(Sample before) {
            return new Sample(applicationMs - before.applicationMs, jitMs - before.jitMs);
        }
    }

    private ProcCpu() {
    }

    /** The pid of the running JVM whose command line names {@code marker} (e.g. the service's jar), if any. */
    static Optional<Long> find(String marker) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")));
                            String program = cmd.contains("\0") ? cmd.substring(0, cmd.indexOf('\0')) : cmd;
                            // the JVM itself, not the watchdog shell that started it
                            return program.endsWith("/java") && cmd.contains(marker);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The process's own utime + stime (it keeps the time of threads that ended, which a sum over the live threads
     * would lose: an executor or compiler thread ending between two samples made that sum go down), less the time of
     * the live JIT compiler threads.
     */
    static Sample sample(long pid) {
        long total;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            total = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid, e);
        }
        long jit = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    if (name.contains("CompilerThre")) {
                        jit += ticks;
                    }
                } catch (IOException | RuntimeException e) {
                    // a thread that ended between list and read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid, e);
        }
        return new Sample((total - jit) * TICK_MS, jit * TICK_MS);
    }

    /**
     * CPU milliseconds of a process and all its children, including children that ended and were reaped (their time
     * is in the parent's cutime/cstime): PostgreSQL's postmaster and its backends.
     */
    static long treeMs(long pid) {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long self = Long.parseLong(p.getFileName().toString());
                    if (self == pid) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13])
                                + Long.parseLong(f[14]);
                    } else if (Long.parseLong(f[1]) == pid) {
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                } catch (IOException | RuntimeException e) {
                    // a process that ended between list and read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return ticks * TICK_MS;
    }

    /** CPU milliseconds of this JVM (the load generator), compiler threads included. */
    static long selfMs() {
        return treeMs(ProcessHandle.current().pid());
    }

    /** Busy CPU milliseconds of the whole machine, all cores ({@code /proc/stat}: all but idle and iowait). */
    static long machineBusyMs() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * TICK_MS;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat", e);
        }
    }

    /** The nearest ancestor of {@code pid} that is a JVM whose command line names {@code marker}. */
    static Optional<Long> ancestor(long pid, String marker) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid).flatMap(ProcessHandle::parent);
        while (p.isPresent()) {
            String cmd = p.get().info().commandLine().orElse("");
            if (cmd.contains("java") && cmd.contains(marker)) {
                return Optional.of(p.get().pid());
            }
            p = p.get().parent();
        }
        return Optional.empty();
    }
}
