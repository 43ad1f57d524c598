package dev.celador.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine stays free of Quarkus, HTTP and Kubernetes clients; the layers point one way. */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.celador");
    }

    @Test
    void engineLayersImportNoFrameworkOrHttpCode() {
        noClasses().that().resideInAnyPackage("dev.celador.policy..", "dev.celador.view..", "dev.celador.cel..", "dev.celador.engine..", "dev.celador.json..",
                        "dev.celador.audit..", "dev.celador.report..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "jakarta.ws.rs..", "jakarta.enterprise..", "jakarta.inject..", "io.vertx..",
                        "io.fabric8..", "org.jboss.resteasy..", "org.eclipse.microprofile..")
                .check(classes);
    }

    @Test
    void lowerLayersDoNotReachUp() {
        noClasses().that().resideInAnyPackage("dev.celador.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.celador.cel..", "dev.celador.engine..",
                        "dev.celador.view..", "dev.celador.admission..", "dev.celador.cli..", "dev.celador.ops..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.celador.cel..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.celador.engine..", "dev.celador.admission..",
                        "dev.celador.cli..", "dev.celador.ops..")
                .check(classes);
        noClasses().that().resideInAnyPackage("dev.celador.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.celador.admission..", "dev.celador.cli..", "dev.celador.ops..")
                .check(classes);
    }
}
