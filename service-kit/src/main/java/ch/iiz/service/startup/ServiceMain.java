package ch.iiz.service.startup;

import io.quarkus.runtime.ApplicationLifecycleManager;
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
        // Quarkus' AppCDS build (quarkus.package.jar.appcds.enabled) runs the application only to record the classes
        // it loads and stops before any runtime work; nothing to wait for there, and no database at build time.
        if (!ApplicationLifecycleManager.isAppCDSGeneration()) {
            StartupGate.fromConfig().await();
        }
        Quarkus.run(args);
    }
}
