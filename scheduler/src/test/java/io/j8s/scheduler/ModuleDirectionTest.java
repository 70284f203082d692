package io.j8s.scheduler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The scheduler reaches the cluster only through the API and the fabric8 client; plugins see the
 * framework's contract, never the runtime that drives them.
 */
class ModuleDirectionTest {
    private static final JavaClasses SCHEDULER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.j8s.scheduler");

    @Test
    void theSchedulerDependsOnTheApiAndTheClientOnly() {
        noClasses().that().resideInAPackage("io.j8s.scheduler..")
                .should().dependOnClassesThat().resideInAnyPackage("io.j8s.apiserver..",
                        "io.j8s.store..", "io.j8s.cli..", "io.j8s.testkit..", "io.j8s.e2e..",
                        "io.j8s.controllers..", "io.j8s.kubelet..")
                .because("the scheduler talks to the cluster only through the API, as if remote")
                .check(SCHEDULER);
    }

    @Test
    void pluginsSeeOnlyTheFramework() {
        noClasses().that().resideInAPackage("io.j8s.scheduler.plugins..")
                .should().dependOnClassesThat().resideInAnyPackage("io.j8s.scheduler.runtime..",
                        "io.j8s.scheduler.queue..", "io.j8s.scheduler.cache..")
                .because("a plugin implements extension points; it does not drive the scheduler")
                .allowEmptyShould(true)
                .check(SCHEDULER);
    }
}
