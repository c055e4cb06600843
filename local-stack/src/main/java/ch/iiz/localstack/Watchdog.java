package ch.iiz.localstack;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a child process under a tiny shell that holds this JVM's pipe: when the pipe closes (a normal stop, or the
 * JVM dying, even by SIGKILL) the shell signals the child and waits for it. So no child outlives its parent.
 */
final class Watchdog {

    private Watchdog() {
    }

    /**
     * @param signal the signal that asks the child to stop cleanly (INT for PostgreSQL's fast shutdown, TERM for a JVM)
     */
    static Process start(List<String> command, Path log, String signal) throws IOException {
        String script = "\"$@\" & child=$!\n"
                + "trap 'kill -" + signal + " $child 2>/dev/null' TERM INT\n"
                + "cat >/dev/null\n"
                + "kill -" + signal + " $child 2>/dev/null\n"
                + "wait $child\n";
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", script, "watchdog"));
        wrapped.addAll(command);
        return new ProcessBuilder(wrapped)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
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
