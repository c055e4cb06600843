package ch.iiz.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a child process under a tiny shell that holds this JVM's pipe: when the pipe closes (a normal stop, or the
 * JVM dying, even by SIGKILL) the shell signals the child and waits for it. So no child outlives its parent. The shell
 * ends when the child ends, so a crashed child shows as a dead {@link Process}.
 */
final class Watchdog {

    private Watchdog() {
    }

    /**
     * @param signal the signal that asks the child to stop cleanly (INT for PostgreSQL's fast shutdown, TERM for a JVM)
     */
    static Process start(List<String> command, Path log, String signal) throws IOException {
        // The pipe is watched by a background reader, so the shell itself waits for the child and exits with it: a
        // child that dies (or is killed) shows as a dead process to whoever supervises it. A background list reads
        // /dev/null unless told otherwise, hence the pipe is handed to it on descriptor 3.
        String script = "exec 3<&0\n"
                + "\"$@\" & child=$!\n"
                + "trap 'kill -" + signal + " $child 2>/dev/null' TERM INT\n"
                + "{ cat <&3 >/dev/null; kill -" + signal + " $child 2>/dev/null; } &\n"
                + "exec 3<&-\n"
                + "while :; do wait $child; s=$?; kill -0 $child 2>/dev/null || exit $s; done\n";
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", script, "watchdog"));
        wrapped.addAll(command);
        return new ProcessBuilder(wrapped)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * The watched child itself (the JVM or the server), not the shell nor its pipe reader, which runs the shell's own
     * executable; empty once the child ended.
     */
    static java.util.Optional<ProcessHandle> child(Process watchdog) {
        String shell = watchdog.info().command().orElse("");
        return watchdog.children().filter(ProcessHandle::isAlive)
                .filter(c -> !c.info().command().orElse(shell).equals(shell))
                .findFirst();
    }

    /** SIGKILL to the child, as a crash would end it; the shell then exits with it. */
    static void kill(Process watchdog) {
        child(watchdog).ifPresent(ProcessHandle::destroyForcibly);
        try {
            if (!watchdog.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the killed process did not end within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes the pipe, which makes the shell stop the child, and waits; kills the whole tree past the timeout. */
    static void stop(Process process, Duration timeout) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed: the shell is stopping the child anyway
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
