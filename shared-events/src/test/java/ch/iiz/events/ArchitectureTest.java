package ch.iiz.events;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The contract is a plain library: any service, whatever its framework, can depend on it. (Rules are checked
 * from plain JUnit tests: ArchUnit's own engine is not picked up by the JUnit version the Quarkus BOM brings.)
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("ch.iiz.events");

    @Test
    void no_framework_in_the_contract() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.quarkus..", "org.axonframework..", "jakarta..", "org.apache.kafka..",
                        "io.smallrye..", "org.eclipse.microprofile..")
                .check(CLASSES);
    }

    @Test
    void event_records_do_not_depend_on_json_or_the_codec() {
        noClasses().that().resideInAnyPackage("ch.iiz.events.cases..", "ch.iiz.events.referral..",
                        "ch.iiz.events.billing..", "ch.iiz.events.placement..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..", "ch.iiz.events.codec..")
                .check(CLASSES);
    }
}
