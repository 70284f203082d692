package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.api.errors.StatusException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services the proxy could not honour are refused with 422 and the field that is wrong. */
class ServiceBadInputTest {
    @TempDir
    Path dir;

    private static String causes(Throwable t) {
        StatusException e = (StatusException) t;
        assertThat(e.code()).isEqualTo(422);
        return e.status().getDetails().getCauses().stream()
                .map(c -> c.getField() + ": " + c.getMessage()).toList().toString();
    }

    @Test
    void aClusterIpOutsideTheRangeADuplicateNodePortAndAnExternalIpThatIsNoIpAreInvalid() {
        try (RegistryFixture k = new RegistryFixture(dir)) {
            k.createFails("", "v1", "services", "default", "{'metadata':{'name':'out'},'spec':{"
                    + "'clusterIP':'192.168.0.10','ports':[{'port':80}]}}")
                    .satisfies(e -> assertThat(causes(e)).contains("spec.clusterIPs",
                            "is not in the valid range"));
            k.create("", "v1", "services", "default", "{'metadata':{'name':'np'},'spec':{"
                    + "'type':'NodePort','ports':[{'port':80,'nodePort':30080}]}}");
            k.createFails("", "v1", "services", "default", "{'metadata':{'name':'np2'},'spec':{"
                    + "'type':'NodePort','ports':[{'port':80,'nodePort':30080}]}}")
                    .satisfies(e -> assertThat(causes(e)).contains("nodePort",
                            "provided port is already allocated"));
            k.createFails("", "v1", "services", "default", "{'metadata':{'name':'ext'},'spec':{"
                    + "'externalIPs':['198.51.100.7','not-an-ip','127.0.0.1'],"
                    + "'ports':[{'port':80}]}}")
                    .satisfies(e -> assertThat(causes(e)).contains(
                            "spec.externalIPs[1]: Invalid value: \"not-an-ip\": must be a valid IP"
                                    + " address",
                            "spec.externalIPs[2]: Invalid value: \"127.0.0.1\": may not be in the"
                                    + " loopback range").doesNotContain("externalIPs[0]"));
        }
    }
}
