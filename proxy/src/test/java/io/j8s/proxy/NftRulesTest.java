package io.j8s.proxy;

import static io.j8s.proxy.TestServices.NET;
import static io.j8s.proxy.TestServices.nodePort;
import static io.j8s.proxy.TestServices.ports;
import static io.j8s.proxy.TestServices.service;
import static io.j8s.proxy.TestServices.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesTest {
    private static List<Fragment> fragments(List<ServicePort> ports) {
        return ports.stream().map(p -> NftRules.fragment(p, NET)).toList();
    }

    @Test
    void aClusterIpIsOneMapElementThatSpreadsOverEveryReadyEndpoint() {
        String batch = NftBatch.full(NET, fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.6", "10.42.0.7", "10.42.0.8!"))));
        assertThat(batch).containsPattern("add element ip j8s-proxy service-ips \\{ 10\\.43\\.0\\.20"
                + " \\. tcp \\. 80 : goto svc-\\w+-default/web/tcp/http \\}");
        assertThat(batch).contains("numgen random mod 3 0 meta l4proto tcp dnat to 10.42.0.5:8080",
                "numgen random mod 2 0 meta l4proto tcp dnat to 10.42.0.6:8080",
                "svc-" , "http meta l4proto tcp dnat to 10.42.0.7:8080").doesNotContain("10.42.0.8");
        // the masquerade of hairpin traffic and of traffic from outside the pod range
        assertThat(batch).contains("ip saddr 10.42.0.7 jump mark-for-masquerade",
                "ip daddr 10.43.0.20 ip saddr != 10.42.0.0/16 jump mark-for-masquerade");
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
        assertThat(chain(cluster, "ext-")).startsWith("jump mark-for-masquerade")
                .contains("numgen random mod 2");
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
    void anEndpointChangeRewritesOnlyThatServicesChains() {
        var before = fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.6")));
        var after = fragments(ports(service("web", "10.43.0.20").build(),
                slice("web", "10.42.0.5", "10.42.0.7")));
        String batch = NftBatch.delta(Fragment.delta(before, after));
        assertThat(batch).contains("flush chain ip j8s-proxy svc-", "dnat to 10.42.0.7:8080")
                .doesNotContain("service-ips", "10.42.0.6");
        String gone = NftBatch.delta(Fragment.delta(after, List.of()));
        assertThat(gone).contains("delete element ip j8s-proxy service-ips { 10.43.0.20 . tcp . 80 }");
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
        Commands.Result check = Commands.run(NftBatch.full(NET, all), "nft", "-c", "-f", "-");
        assertThat(check.exit()).as(check.output()).isZero();
    }

    private static String chain(List<Fragment> fragments, String prefix) {
        return fragments.stream().flatMap(f -> f.chains().entrySet().stream())
                .filter(e -> e.getKey().startsWith(prefix))
                .map(e -> String.join("\n", e.getValue())).findFirst().orElseThrow();
    }
}
