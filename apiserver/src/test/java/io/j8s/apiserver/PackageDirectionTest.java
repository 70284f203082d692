package io.j8s.apiserver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The direction of the API server's request path, enforced: the transport ({@code http}) sees the
 * endpoints, the watch streams and the kubelet proxy; none of them sees the transport, the
 * endpoints see neither Vert.x nor the other two, and nothing below them (registry, patch, ...)
 * sees any of the four.
 */
class PackageDirectionTest {
    private static final String HTTP = "io.j8s.apiserver.http..";
    private static final String ENDPOINTS = "io.j8s.apiserver.endpoints..";
    private static final String WATCHSTREAM = "io.j8s.apiserver.watchstream..";
    private static final String KUBELETPROXY = "io.j8s.apiserver.kubeletproxy..";
    /** The proxy to aggregated API servers: requests pass through it as through kubeletproxy. */
    private static final String AGGREGATION = "io.j8s.apiserver.aggregation..";

    private static final JavaClasses APISERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.j8s.apiserver");

    @Test
    void onlyTheTransportSeesTheTransport() {
        noClasses().that().resideInAnyPackage(ENDPOINTS, WATCHSTREAM, KUBELETPROXY)
                .should().dependOnClassesThat().resideInAPackage(HTTP)
                .because("the endpoints, watch streams and kubelet proxy are what the transport"
                        + " calls, never the other way round")
                .check(APISERVER);
    }

    @Test
    void theEndpointsKnowNothingOfTheWire() {
        noClasses().that().resideInAPackage(ENDPOINTS)
                .should().dependOnClassesThat()
                .resideInAnyPackage(WATCHSTREAM, KUBELETPROXY, "io.vertx..", "io.netty..")
                .because("a handler answers an ApiRequest with a Reply, whatever carries them")
                .check(APISERVER);
    }

    @Test
    void theWatchStreamsAndTheKubeletProxyAreApart() {
        noClasses().that().resideInAPackage(WATCHSTREAM)
                .should().dependOnClassesThat().resideInAPackage(KUBELETPROXY)
                .check(APISERVER);
        noClasses().that().resideInAPackage(KUBELETPROXY)
                .should().dependOnClassesThat().resideInAPackage(WATCHSTREAM)
                .check(APISERVER);
    }

    @Test
    void nothingBelowTheRequestPathSeesIt() {
        noClasses().that().resideInAPackage("io.j8s.apiserver.(*)..")
                .and().resideOutsideOfPackages(HTTP, ENDPOINTS, WATCHSTREAM, KUBELETPROXY,
                        AGGREGATION)
                .should().dependOnClassesThat()
                .resideInAnyPackage(HTTP, ENDPOINTS, WATCHSTREAM, KUBELETPROXY, AGGREGATION)
                .because("registries, patches, admission and the rest serve the request path;"
                        + " only ApiServer wires it up")
                .check(APISERVER);
    }

    @Test
    void theRequestPathHasNoCycles() {
        slices().matching("io.j8s.apiserver.(http|endpoints|watchstream|kubeletproxy)..")
                .should().beFreeOfCycles()
                .check(APISERVER);
    }
}
