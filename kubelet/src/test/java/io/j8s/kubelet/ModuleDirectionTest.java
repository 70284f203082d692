package io.j8s.kubelet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The kubelet is a component like any other: it reaches the cluster through the API (the
 * {@code api} module and the fabric8 client), never through the API server's or the store's
 * classes; the sim runtime sees nothing of the kubelet but the runtime contract.
 */
class ModuleDirectionTest {
    private static final JavaClasses KUBELET = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.j8s.kubelet");

    @Test
    void theKubeletDependsOnTheApiAndTheClientOnly() {
        noClasses().that().resideInAPackage("io.j8s.kubelet..")
                .should().dependOnClassesThat().resideInAnyPackage("io.j8s.apiserver..",
                        "io.j8s.store..", "io.j8s.cli..", "io.j8s.testkit..", "io.j8s.e2e..")
                .because("a kubelet talks to the cluster only through the API, as if remote")
                .check(KUBELET);
    }

    @Test
    void runtimesSeeOnlyTheRuntimeContract() {
        noClasses().that().resideInAPackage("io.j8s.kubelet.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("io.j8s.kubelet.pods..",
                        "io.j8s.kubelet.node..", "io.j8s.kubelet.volumes..")
                .orShould().dependOnClassesThat().resideInAPackage("io.fabric8..")
                .because("a runtime knows containers, not pods of the API")
                .check(KUBELET);
    }
}
