package ch.iiz.cases;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The case's rules stay free of frameworks, so they read like the domain and test without a container. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("ch.iiz.cases");

    @Test
    void the_domain_uses_no_framework() {
        noClasses().that().resideInAPackage("ch.iiz.cases.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..", "io.quarkus..",
                        "jakarta..", "com.fasterxml..", "org.apache.kafka..", "io.smallrye..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void the_domain_reads_no_clock() {
        noClasses().that().resideInAPackage("ch.iiz.cases.domain..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .check(CLASSES);
    }

    @Test
    void only_the_api_layer_talks_http() {
        noClasses().that().resideInAnyPackage("ch.iiz.cases.domain..", "ch.iiz.cases.axon..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..")
                .check(CLASSES);
    }
}
