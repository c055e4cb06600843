package ch.iiz.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Class-data sharing for a service's JVM (Java 17's dynamic AppCDS archive, no build step): a start without a usable
 * archive writes one when that JVM exits ({@code -XX:ArchiveClassesAtExit}), every later start maps the classes from
 * it ({@code -XX:SharedArchiveFile}) instead of loading, parsing and verifying them again. Measured in
 * {@code docs/benchmarks-startup.md}.
 *
 * <p>The archive sits next to the service's {@code quarkus-run.jar}, named for this JDK's version. It is written under
 * a name of its own per instance and only moved into place after that JVM ended cleanly and a trial JVM accepted it:
 * a truncated archive (a JVM killed while writing it) would crash every JVM that maps it. An archive older than the
 * jar is deleted and written anew. One the JVM still rejects (another JDK build, a moved jar) costs nothing but a
 * warning in the service's log: the JVM then starts without it ({@code -Xshare:auto}, the default).
 */
final class ClassDataArchive {

    private final Path jar;
    private final Path archive;

    ClassDataArchive(Path jar) {
        this.jar = jar;
        this.archive = jar.resolveSibling("app-cds-" + Runtime.version() + ".jsa");
    }

    Path archive() {
        return archive;
    }

    /** The JVM options for the next start of {@code instanceName}: use the archive, or write one at exit. */
    List<String> options(String instanceName) {
        Path pending = pending(instanceName);
        try {
            Files.deleteIfExists(pending); // left by a JVM that was killed
            if (Files.exists(archive) && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar)) < 0) {
                Files.delete(archive); // the jar was rebuilt since
            }
        } catch (IOException e) {
            return List.of(); // no archive this time; the service starts as without one
        }
        if (Files.exists(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        // Writing lists every class it cannot archive at warning level: hundreds of lines nobody needs in the log.
        return List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * After the instance's JVM ended: moves the archive it wrote into place if it ended cleanly (0, or 143 after the
     * SIGTERM of a normal stop) and the archive maps; otherwise drops it.
     */
    void finish(String instanceName, int exitCode) {
        Path pending = pending(instanceName);
        if (!Files.exists(pending)) {
            return;
        }
        try {
            if ((exitCode == 0 || exitCode == 143) && maps(pending)) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.deleteIfExists(pending);
            }
        } catch (IOException e) {
            // the next start tries again
        }
    }

    /** A trial JVM that maps the archive and prints its version: a damaged archive makes it abort. */
    static boolean maps(Path candidate) {
        try {
            Process trial = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:SharedArchiveFile=" + candidate, "-Xshare:auto", "-XX:ErrorFile=/dev/null", "-version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!trial.waitFor(60, TimeUnit.SECONDS)) {
                trial.destroyForcibly();
                return false;
            }
            return trial.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Path pending(String instanceName) {
        return archive.resolveSibling(archive.getFileName() + "." + instanceName + ".writing");
    }
}
