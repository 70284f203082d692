package io.j8s.proxy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The proxy reaches the cluster only through the API and the fabric8 client.
 */
class ModuleDirectionTest {
    private static final JavaClasses PROXY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.j8s.proxy");

    @Test
    void theProxyDependsOnTheApiAndTheClientOnly() {
        noClasses().that().resideInAPackage("io.j8s.proxy..")
                .should().dependOnClassesThat().resideInAnyPackage("io.j8s.apiserver..",
                        "io.j8s.store..", "io.j8s.cli..", "io.j8s.testkit..", "io.j8s.e2e..",
                        "io.j8s.controllers..", "io.j8s.kubelet..", "io.j8s.scheduler..")
                .because("the proxy talks to the cluster only through the API, as if remote")
                .check(PROXY);
    }
}
