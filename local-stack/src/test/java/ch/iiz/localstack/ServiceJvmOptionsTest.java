package ch.iiz.localstack;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The JVM options that keep an idle service quiet: this JDK takes them, and the Dockerfiles pass the same. */
class ServiceJvmOptionsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void the_jvm_samples_its_counters_every_5_s_and_keeps_them_for_jstat() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ServiceProcesses.IDLE_JVM_OPTIONS);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(flags).isZero();
        assertThat(flags).containsPattern("PerfDataSamplingInterval\\s+= 5000\\s")
                .containsPattern("UsePerfData\\s+= true\\s");
    }

    @Test
    void every_services_dockerfile_passes_the_same_options() throws IOException {
        for (String service : ServiceProcesses.SERVICES) {
            String entrypoint = Files.readAllLines(ROOT.resolve(service).resolve("src/main/docker/Dockerfile.jvm")).stream()
                    .filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
            for (String option : ServiceProcesses.IDLE_JVM_OPTIONS) {
                assertThat(entrypoint).as(service).contains("\"" + option + "\"");
            }
        }
    }
}
