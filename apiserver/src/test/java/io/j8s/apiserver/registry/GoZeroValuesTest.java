package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceType;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Objects come back with the empty structs and zero fields upstream's Go encoding writes. */
class GoZeroValuesTest {
    @TempDir
    Path dir;
    private RegistryFixture k;

    @BeforeEach
    void start() {
        k = new RegistryFixture(dir);
    }

    @AfterEach
    void stop() {
        k.close();
    }

    @Test
    void aNodeCreatedWithOnlyANameHasSpecAndUpstreamsStatus() {
        ObjectNode node = k.create("", "v1", "nodes", null, "{'metadata':{'name':'foo'}}");
        assertThat(node.path("spec").toString()).isEqualTo("{}");
        assertThat(node.path("status").path("daemonEndpoints").toString())
                .isEqualTo("{\"kubeletEndpoint\":{\"Port\":0}}");
        assertThat(node.path("status").path("nodeInfo").path("kubeletVersion").isTextual())
                .isTrue();
        assertThat(node.path("status").path("nodeInfo").size()).isEqualTo(10);
    }

    @Test
    void everyStoredKindWithASpecOrStatusGetsThemEvenWhenLeftOut() {
        for (ResourceType t : k.registries.catalogue().all()) {
            if (!t.stored()) {
                continue;
            }
            boolean hasSpec = hasProperty(t, "spec");
            boolean hasStatus = hasProperty(t, "status");
            if (!hasSpec && !hasStatus) {
                continue;
            }
            ObjectNode o = RegistryFixture.json("{'metadata':{'name':'z'}}");
            io.j8s.apiserver.wire.GoZeroValues.fill(o, t.type());
            assertThat(o.has("spec")).as(t.kind() + " spec").isEqualTo(hasSpec);
            assertThat(o.has("status")).as(t.kind() + " status").isEqualTo(hasStatus);
        }
    }

    private static boolean hasProperty(ResourceType t, String name) {
        return io.j8s.api.codec.Json.MAPPER.getSerializationConfig()
                .introspect(io.j8s.api.codec.Json.MAPPER.constructType(t.type()))
                .findProperties().stream().anyMatch(p -> p.getName().equals(name)
                        && p.getPrimaryType().getRawClass().getPackageName()
                                .startsWith("io.fabric8"));
    }

    @Test
    void workloadStatusesCarryTheirCountersAndContainersTheirResources() {
        String template = "'template':{'metadata':{'labels':{'app':'w'}},"
                + "'spec':{'containers':[{'name':'c','image':'nginx'}]}}";
        String spec = "{'metadata':{'name':'w'},'spec':{'selector':{'matchLabels':{'app':'w'}},"
                + template + "}}";
        ObjectNode ds = k.create("apps", "v1", "daemonsets", "default", spec);
        assertThat(ds.path("status").toString()).isEqualTo("{\"currentNumberScheduled\":0,"
                + "\"numberMisscheduled\":0,\"desiredNumberScheduled\":0,\"numberReady\":0}");
        assertThat(ds.at("/spec/template/spec/containers/0/resources").toString())
                .isEqualTo("{}");
        ObjectNode sts = k.create("apps", "v1", "statefulsets", "default",
                spec.replace("'selector'", "'serviceName':'w','selector'"));
        assertThat(sts.path("status").toString())
                .isEqualTo("{\"replicas\":0,\"availableReplicas\":0}");
        ObjectNode deploy = k.create("apps", "v1", "deployments", "default", spec);
        assertThat(deploy.path("status").toString()).isEqualTo("{}");
    }
}
