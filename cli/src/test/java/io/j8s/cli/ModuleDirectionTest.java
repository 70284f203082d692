package io.j8s.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The module table of ARCHITECTURE.md, enforced: a component depends on {@code api} (and the
 * client), never on another component; only the API server reaches the store; only {@code cli}
 * (and {@code bench}, {@code e2e}) may see everything. Each module is the package
 * {@code io.j8s.<module>}.
 */
class ModuleDirectionTest {
    /** Which j8s modules each module may depend on. Modules not yet written are listed already. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("api", Set.of());
        ALLOWED.put("testkit", Set.of());
        ALLOWED.put("store", Set.of("api"));
        ALLOWED.put("apiserver", Set.of("api", "store"));
        for (String component : List.of("scheduler", "controllers", "kubelet", "proxy", "dns", "cloud")) {
            ALLOWED.put(component, Set.of("api"));
        }
        ALLOWED.put("bench", Set.of("api", "store", "testkit", "apiserver", "scheduler",
                "controllers", "kubelet", "proxy", "dns", "cloud"));
    }

    private static final JavaClasses J8S = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.j8s");

    @Test
    void everyModuleDependsOnlyInTheDirectionOfTheTable() {
        for (Map.Entry<String, Set<String>> module : ALLOWED.entrySet()) {
            List<String> forbidden = new ArrayList<>();
            for (String other : ALLOWED.keySet()) {
                if (!other.equals(module.getKey()) && !module.getValue().contains(other)) {
                    forbidden.add("io.j8s." + other + "..");
                }
            }
            forbidden.add("io.j8s.cli..");
            forbidden.add("io.j8s.e2e..");
            noClasses().that().resideInAPackage("io.j8s." + module.getKey() + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .because("ARCHITECTURE.md's module table says what " + module.getKey()
                            + " may depend on")
                    .allowEmptyShould(true)
                    .check(J8S);
        }
    }

    @Test
    void onlyTheApiServerBenchAndCliReachTheStore() {
        noClasses().that().resideOutsideOfPackages("io.j8s.store..", "io.j8s.apiserver..",
                        "io.j8s.bench..", "io.j8s.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.j8s.store..")
                .because("the API server is the only component that touches the datastore")
                .check(J8S);
    }
}
