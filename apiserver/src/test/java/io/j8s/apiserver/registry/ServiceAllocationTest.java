package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service pools kept in the store: a dry run takes nothing, a restarted server keeps what
 * services hold, and an install whose pools are missing from the store (made before they were
 * stored) gets them back from its services at start.
 */
class ServiceAllocationTest {
    @TempDir
    Path dir;

    private static ObjectNode service(String name, String clusterIp) {
        return RegistryFixture.json("{'metadata':{'name':'" + name + "'},'spec':{"
                + (clusterIp == null ? "" : "'clusterIP':'" + clusterIp + "',")
                + "'type':'NodePort','ports':[{'port':80}]}}");
    }

    private static String ip(ObjectNode service) {
        return service.path("spec").path("clusterIP").asText();
    }

    private static int nodePort(ObjectNode service) {
        return service.path("spec").path("ports").get(0).path("nodePort").asInt();
    }

    @Test
    void aDryRunTakesNothingAndARestartedServerKeepsWhatServicesHold() {
        String first;
        int firstPort;
        try (RegistryFixture k = new RegistryFixture(dir)) {
            Registry svc = k.registry("", "v1", "services");
            ObjectNode dry = svc.create("default", service("dry", null),
                    new WriteOptions(true, "", false));
            ObjectNode real = svc.create("default", service("real", null), WriteOptions.DEFAULT);
            assertThat(ip(real)).isEqualTo(ip(dry));
            assertThat(nodePort(real)).isEqualTo(nodePort(dry));
            first = ip(real);
            firstPort = nodePort(real);
            ObjectNode twoPorts = svc.create("default", RegistryFixture.json("{'metadata':{"
                    + "'name':'two'},'spec':{'type':'NodePort','ports':[{'name':'a','port':80},"
                    + "{'name':'b','port':81}]}}"), new WriteOptions(true, "", false));
            assertThat(twoPorts.path("spec").path("ports").get(1).path("nodePort").asInt())
                    .isNotEqualTo(nodePort(twoPorts));
        }
        try (RegistryFixture k = new RegistryFixture(dir)) {
            Registry svc = k.registry("", "v1", "services");
            ObjectNode next = svc.create("default", service("next", null), WriteOptions.DEFAULT);
            assertThat(ip(next)).isNotEqualTo(first);
            assertThat(nodePort(next)).isNotEqualTo(firstPort);
            k.createFails("", "v1", "services", "default",
                    "{'metadata':{'name':'same'},'spec':{'clusterIP':'" + first + "',"
                            + "'ports':[{'port':80}]}}")
                    .satisfies(e -> assertThat(RegistryFixture.message(e))
                            .contains("provided IP is already allocated"));
            svc.delete("default", "real", DeleteRequest.of(null), WriteOptions.DEFAULT);
            assertThat(ip(svc.create("default", service("same", first), WriteOptions.DEFAULT)))
                    .isEqualTo(first);
        }
    }

    @Test
    void poolsMissingFromTheStoreAreRebuiltFromTheServicesAtStart() {
        String held;
        try (RegistryFixture k = new RegistryFixture(dir)) {
            held = ip(k.registry("", "v1", "services").create("default", service("a", null),
                    WriteOptions.DEFAULT));
            Store store = k.store;
            for (String key : new String[] {ServiceAllocator.IPS_KEY,
                    ServiceAllocator.PORTS_KEY}) {
                store.delete(key, store.get(key).orElseThrow().modRevision());
            }
            // a second set of registries on the same store, as a server starting anew
            Registries again = new Registries(ResourceCatalogue.builtIn(), store,
                    Clock.systemUTC());
            Registry svc = again.find("", "v1", "services").orElseThrow();
            for (int i = 0; i < 3; i++) {
                assertThat(ip(svc.create("default", service("b" + i, null),
                        WriteOptions.DEFAULT))).isNotEqualTo(held);
            }
        }
    }

    @Test
    void anAddressOrPortThatNoServiceHoldsIsGivenBackAfterThreeRepairRounds() {
        try (RegistryFixture k = new RegistryFixture(dir)) {
            Registry svc = k.registry("", "v1", "services");
            // another server took these and died before it stored its service
            ServiceAllocator other = new ServiceAllocator("10.43.0.0/16", "30000-32767")
                    .on(k.store);
            other.take("10.43.0.50", "spec.clusterIPs", false);
            other.takePort(30050, "nodePort", false);
            other.take("10.43.0.51", "spec.clusterIPs", false); // a create still in flight
            RangeRepair repair = new RangeRepair(svc, other);
            String wantsLeaked = "{'metadata':{'name':'leaked'},'spec':{'type':'NodePort',"
                    + "'clusterIP':'10.43.0.50','ports':[{'port':80,'nodePort':30050}]}}";
            for (int round = 1; round < RangeRepair.ROUNDS_BEFORE_RELEASE; round++) {
                repair.repair();
                k.createFails("", "v1", "services", "default", wantsLeaked)
                        .satisfies(e -> assertThat(RegistryFixture.message(e))
                                .contains("provided IP is already allocated"));
            }
            // the create in flight is stored before the last round: its address stays taken
            k.store.create(svc.type().key("default", "in-flight"), io.j8s.api.codec.Json.bytes(
                    RegistryFixture.json("{'apiVersion':'v1','kind':'Service','metadata':{"
                            + "'name':'in-flight','namespace':'default'},'spec':{'clusterIP':"
                            + "'10.43.0.51','ports':[{'port':80}]}}")));
            repair.repair();
            ObjectNode leaked = svc.create("default", RegistryFixture.json(wantsLeaked),
                    WriteOptions.DEFAULT);
            assertThat(ip(leaked)).isEqualTo("10.43.0.50");
            assertThat(nodePort(leaked)).isEqualTo(30050);
            for (int round = 0; round < RangeRepair.ROUNDS_BEFORE_RELEASE; round++) {
                repair.repair();
            }
            k.createFails("", "v1", "services", "default",
                    "{'metadata':{'name':'again'},'spec':{'clusterIP':'10.43.0.51',"
                            + "'ports':[{'port':80}]}}")
                    .satisfies(e -> assertThat(RegistryFixture.message(e))
                            .contains("provided IP is already allocated"));
        }
    }
}
