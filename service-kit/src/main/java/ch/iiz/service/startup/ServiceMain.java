package ch.iiz.service.startup;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The entry point of every service: first wait for the database and the broker ({@link StartupGate}), then start
 * Quarkus. Without the wait a service started while PostgreSQL restarts would exit at once (Flyway cannot connect).
 */
@QuarkusMain
public final class ServiceMain {

    private ServiceMain() {
    }

    public static void main(String... args) {
        StartupGate.fromConfig().await();
        Quarkus.run(args);
    }
}
