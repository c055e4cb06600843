package ch.iiz.e2e;

import ch.iiz.localstack.Ports;
import ch.iiz.localstack.ServiceProcesses;
import ch.iiz.localstack.TestInfrastructure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The five built services as processes on the test JVM's one broker and database, as the end-to-end test classes
 * start them: each class its own processes (own ports, own log folder), the expiry job and the operations sampler on
 * a short period, months closed and courses decided by the tests rather than by the clock (a decision job running
 * between two reservations of a course whose decision date has passed would cancel it under the test's feet).
 */
final class E2eSystem {

    private E2eSystem() {
    }

    static ServiceProcesses start(TestInfrastructure infra, String name, int firstPortBase) throws Exception {
        ServiceProcesses.SERVICES.forEach(s -> infra.createDatabase(ServiceProcesses.databaseName(s)));
        Path key = TestInfrastructure.createTempDirectory("e2e-" + name + "-key-").resolve("dev-jwt-public.pem");
        Files.writeString(key, infra.tokens().publicKeyPem());
        ServiceProcesses services = new ServiceProcesses(
                Path.of(System.getProperty("iiz.repo.root", "..")).toAbsolutePath().normalize(),
                Path.of(System.getProperty("iiz.e2e.logs", "target/e2e-logs")).resolve(name), freePortBase(firstPortBase),
                new ServiceProcesses.Wiring(infra.bootstrapServers(), infra::jdbcUrl, infra.username(), infra.password(),
                        key.toUri(), false, List.of("-Diiz.referral.expiry-every=2s", "-Diiz.ops.sample-every=2s",
                        "-Diiz.billing.auto-close-every=off", "-Diiz.placement.decision-every=off")));
        services.startAll();
        return services;
    }

    private static int freePortBase(int from) {
        for (int base = from; base < 30000; base += 10) {
            int b = base;
            if (IntStream.range(0, ServiceProcesses.SERVICES.size()).allMatch(i -> Ports.isFree(b + i))) {
                return base;
            }
        }
        throw new IllegalStateException("no " + ServiceProcesses.SERVICES.size() + " free ports in a row");
    }
}
