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
}
