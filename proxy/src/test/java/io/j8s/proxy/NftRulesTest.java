package io.j8s.proxy;

import static io.j8s.proxy.TestServices.NET;
import static io.j8s.proxy.TestServices.nodePort;
import static io.j8s.proxy.TestServices.ports;
import static io.j8s.proxy.TestServices.service;
import static io.j8s.proxy.TestServices.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.j8s.testkit.HostTools;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesTest {
    private static List<Fragment> fragments(List<ServicePort> ports) {
        return ports.stream().map(p -> NftRules.fragment(p, NET)).toList();
    }

    @Test
    void aClusterIpIsMapElementsOnlyThatSpreadOverEveryReadyEndpoint() {
        String batch = NftBatch.full(NET, fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.6", "10.42.0.7", "10.42.0.8!"))));
        assertThat(batch).contains("add element ip j8s-proxy service-ips"
                + " { 10.43.0.20 . tcp . 80 : goto cluster-3 }");
        assertThat(batch).contains("add element ip j8s-proxy service-endpoints"
                + " { 10.43.0.20 . tcp . 80 . 0 : 10.42.0.5 . 8080, 10.43.0.20 . tcp . 80 . 1 :"
                + " 10.42.0.6 . 8080, 10.43.0.20 . tcp . 80 . 2 : 10.42.0.7 . 8080 }")
                .doesNotContain("10.42.0.8").doesNotContain("svc-");
        // the shared chain picks one of 3; outside-the-pod-range traffic is masqueraded there,
        // an endpoint that reached itself (hairpin) in postrouting
        assertThat(batch).contains("chain cluster-3 {\n\t\tip saddr != 10.42.0.0/16 jump"
                + " mark-for-masquerade\n\t\tmeta l4proto { tcp, udp, sctp } dnat to ip daddr"
                + " . meta l4proto . th dport . numgen random mod 3 map @service-endpoints\n");
        assertThat(batch).contains("ct status dnat @nh,96,64 @hairpin jump"
                + " mark-for-masquerade\n\t\tjump masquerading\n");
        // source and destination of each endpoint, as the header's 64 bits
        assertThat(batch).contains("add element ip j8s-proxy hairpin { 0x0a2a00050a2a0005,"
                + " 0x0a2a00060a2a0006, 0x0a2a00070a2a0007 }");
    }

    @Test
    void theRuleCountDoesNotGrowWithTheNumberOfServices() {
        List<ServicePort> many = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            many.addAll(ports(service("s" + i, "10.43.1." + i).build(),
                    slice("s" + i, "10.42.0." + i, "10.42.1." + i)));
        }
        String one = NftBatch.full(NET, fragments(many.subList(0, 1)));
        String all = NftBatch.full(NET, fragments(many));
        assertThat(all.lines().filter(l -> l.startsWith("add rule") || l.startsWith("add chain")))
                .isEmpty();
        assertThat(all.lines().filter(l -> !l.startsWith("add element")).count())
                .isEqualTo(one.lines().filter(l -> !l.startsWith("add element")).count());
    }

    @Test
    void aPortWithMoreEndpointsThanTheSharedChainsTakeHasAChainOfItsOwn() {
        String[] ips = new String[NftRules.SHARED_SPREAD + 1];
        for (int i = 0; i < ips.length; i++) {
            ips[i] = "10.42.2." + (i + 1);
        }
        var f = fragments(ports(service("big", "10.43.0.60").build(), slice("big", ips)));
        assertThat(f.get(0).entries()).containsEntry("service-ips|10.43.0.60 . tcp . 80",
                "goto svc-" + Network.hash(f.get(0).key()) + "-default/big/tcp/http");
        assertThat(chain(f, "svc-")).contains("numgen random mod " + ips.length + " 0 ");
    }

    @Test
    void aServiceWithoutEndpointsIsRejectedAndUnassignedAddressesToo() {
        String batch = NftBatch.full(NET, fragments(ports(service("empty", "10.43.0.30").build())));
        assertThat(batch).contains("add element ip j8s-proxy no-endpoint-services"
                + " { 10.43.0.30 . tcp . 80 : goto reject-chain }");
        assertThat(batch).contains("ip daddr 10.43.0.0/16 reject with icmp type host-unreachable");
    }

    @Test
    void nodePortsWithLocalPolicyUseOnlyThisNodesEndpointsWithoutMasquerade() {
        var local = fragments(ports(nodePort("np", "10.43.0.40", 30080, "Local"),
                slice("np", "10.42.0.5@n1", "10.42.1.5@n2")));
        String ext = chain(local, "ext-");
        assertThat(ext).contains("dnat to 10.42.0.5:8080").doesNotContain("10.42.1.5")
                .contains("fib saddr type local jump mark-for-masquerade");
        assertThat(local.get(0).entries()).containsKey("service-nodeports|tcp . 30080");
        var cluster = fragments(ports(nodePort("np", "10.43.0.40", 30080, "Cluster"),
                slice("np", "10.42.0.5@n1", "10.42.1.5@n2")));
        assertThat(cluster.get(0).chains()).isEmpty();
        assertThat(cluster.get(0).entries())
                .containsEntry("service-nodeports|tcp . 30080", "goto nodeport-2")
                .containsEntry("nodeport-endpoints|tcp . 30080 . 1", "10.42.1.5 . 8080");
        var none = fragments(ports(nodePort("np", "10.43.0.40", 30080, "Local"),
                slice("np", "10.42.1.5@n2")));
        assertThat(chain(none, "ext-")).endsWith("drop");
    }

    @Test
    void affinityKeepsAClientOnItsEndpointForTheTimeout() {
        var svc = service("sticky", "10.43.0.50").editSpec().withSessionAffinity("ClientIP")
                .endSpec().build();
        var f = fragments(ports(svc, slice("sticky", "10.42.0.5", "10.42.0.6"))).get(0);
        assertThat(f.sets()).hasSize(2).allSatisfy((name, decl) ->
                assertThat(decl).contains("flags dynamic,timeout; timeout 10800s"));
        assertThat(chain(List.of(f), "svc-")).contains("ip saddr @aff-");
        assertThat(chain(List.of(f), "ep-")).contains("update @aff-");
    }

    @Test
    void anEndpointChangeIsAFewMapElements() {
        var before = fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.6")));
        var after = fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.7")));
        String batch = NftBatch.delta(Fragment.delta(before, after), after);
        assertThat(batch).isEqualTo("""
                delete element ip j8s-proxy hairpin { 0x0a2a00060a2a0006 }
                delete element ip j8s-proxy service-endpoints { 10.43.0.20 . tcp . 80 . 1 }
                add element ip j8s-proxy hairpin { 0x0a2a00070a2a0007 }
                add element ip j8s-proxy service-endpoints { 10.43.0.20 . tcp . 80 . 1 : 10.42.0.7 . 8080 }
                """);
        // another Service with 10.42.0.6 keeps its hairpin element
        var other = fragments(ports(service("api", "10.43.0.21").build(), slice("api", "10.42.0.6")));
        List<Fragment> all = new ArrayList<>(after);
        all.addAll(other);
        assertThat(NftBatch.delta(Fragment.delta(before, after), all))
                .doesNotContain("delete element ip j8s-proxy hairpin");
        var three = fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.7", "10.42.0.9")));
        assertThat(NftBatch.delta(Fragment.delta(after, three), three)).contains(
                "delete element ip j8s-proxy service-ips { 10.43.0.20 . tcp . 80 }",
                "add element ip j8s-proxy service-ips { 10.43.0.20 . tcp . 80 : goto cluster-3 }");
        String gone = NftBatch.delta(Fragment.delta(after, List.of()), List.of());
        assertThat(gone).contains("delete element ip j8s-proxy service-ips { 10.43.0.20 . tcp . 80 }",
                "delete element ip j8s-proxy service-endpoints { 10.43.0.20 . tcp . 80 . 0, 10.43.0.20"
                + " . tcp . 80 . 1 }");
    }

    @Test
    void theKernelTakesTheBatches() {
        assumeTrue("root".equals(System.getProperty("user.name")), "nft -c needs root");
        List<Fragment> all = new ArrayList<>();
        all.addAll(fragments(ports(service("web", "10.43.0.20").editSpec()
                .withSessionAffinity("ClientIP").endSpec().build(),
                slice("web", "10.42.0.5", "10.42.0.6"))));
        all.addAll(fragments(ports(nodePort("np", "10.43.0.40", 30080, "Local"),
                slice("np", "10.42.1.5@n2"))));
        all.addAll(fragments(ports(service("empty", "10.43.0.30").build())));
        all.addAll(fragments(ports(nodePort("shared", "10.43.0.70", 30090, "Cluster"),
                slice("shared", "10.42.0.5@n1", "10.42.1.5@n2"))));
        Commands.Result check = Commands.run(NftBatch.full(NET, all), HostTools.nft().toString(),
                "-c", "-f", "-");
        assertThat(check.exit()).as(check.output()).isZero();
    }

    private static String chain(List<Fragment> fragments, String prefix) {
        return fragments.stream().flatMap(f -> f.chains().entrySet().stream())
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> String.join("\n", e.getValue())).findFirst().orElseThrow();
    }
}
