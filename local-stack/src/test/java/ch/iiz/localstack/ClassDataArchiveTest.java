package ch.iiz.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The service archive's life cycle with real JVMs: written at exit, kept only when sound, never a reason not to start. */
class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @Test
    void a_first_start_writes_the_archive_and_later_starts_use_it() throws Exception {
        Path jar = Files.writeString(dir.resolve("quarkus-run.jar"), "not needed by these JVMs");
        ClassDataArchive archive = new ClassDataArchive(jar);

        List<String> first = archive.options("svc");
        assertThat(first).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(java(first)).isZero();
        archive.finish("svc", 0);

        assertThat(archive.archive()).exists();
        List<String> second = archive.options("svc");
        assertThat(second).containsExactly("-XX:SharedArchiveFile=" + archive.archive());
        assertThat(java(second)).isZero();
    }

    @Test
    void an_archive_older_than_the_jar_is_written_anew() throws Exception {
        Path jar = Files.writeString(dir.resolve("quarkus-run.jar"), "x");
        ClassDataArchive archive = new ClassDataArchive(jar);
        assertThat(java(archive.options("svc"))).isZero();
        archive.finish("svc", 143);
        assertThat(archive.archive()).exists();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(archive.archive()).toMillis() + 5000));

        assertThat(archive.options("svc")).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(archive.archive()).doesNotExist();
    }

    @Test
    void a_truncated_archive_or_one_from_a_killed_jvm_is_dropped_never_used() throws Exception {
        Path jar = Files.writeString(dir.resolve("quarkus-run.jar"), "x");
        ClassDataArchive archive = new ClassDataArchive(jar);
        List<String> writing = archive.options("svc");
        assertThat(java(writing)).isZero();
        Path pending = Path.of(writing.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
        byte[] whole = Files.readAllBytes(pending);
        Files.write(pending, java.util.Arrays.copyOf(whole, whole.length / 3)); // as a kill while writing leaves it

        assertThat(ClassDataArchive.maps(pending)).isFalse(); // such a file makes the JVM abort
        archive.finish("svc", 0);
        assertThat(archive.archive()).doesNotExist();
        assertThat(pending).doesNotExist();

        assertThat(java(archive.options("svc"))).isZero();
        archive.finish("svc", 137); // killed: whatever it wrote is not trusted
        assertThat(archive.archive()).doesNotExist();
    }

    @Test
    void the_jvm_starts_without_an_archive_that_does_not_fit() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.jsa"), "not an archive");
        assertThat(java(List.of("-XX:SharedArchiveFile=" + garbage))).isZero();

        // written for another class path: the JVM says so and starts without it
        Path other = dir.resolve("other.jsa");
        assertThat(java(List.of("-XX:ArchiveClassesAtExit=" + other, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"))).isZero();
        assertThat(java(List.of("-XX:SharedArchiveFile=" + other, "-cp", dir.toString()))).isZero();
    }

    /** Exit code of a JVM with these options that prints its version (a JVM that maps the archive, if it can). */
    private int java(List<String> options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ErrorFile=" + dir.resolve("hs_err_%p.log")));
        command.addAll(options);
        command.add("-version");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
