package io.j8s.kubelet.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.kubelet.runtime.PodSandboxConfig.DnsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** resolv.conf per dnsPolicy, as upstream's dns configurer writes it. */
class PodDnsTest {
    @TempDir
    Path dir;
    private PodDns dns;

    @BeforeEach
    void hostResolvConf() throws Exception {
        Path resolv = dir.resolve("resolv.conf");
        Files.writeString(resolv, "# host\nnameserver 192.0.2.1\nnameserver 192.0.2.2\n"
                + "search corp.example\noptions edns0 timeout:2\n");
        dns = new PodDns("10.43.0.10", "cluster.local", resolv);
    }

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("p").withNamespace("team").endMetadata()
                .withNewSpec().endSpec();
    }

    @Test
    void clusterFirstUsesTheClusterDnsAndTheNamespacesSearchDomainsThenTheHosts() {
        DnsConfig c = dns.forPod(pod().build());
        assertThat(c.servers()).containsExactly("10.43.0.10");
        assertThat(c.searches()).containsExactly("team.svc.cluster.local", "svc.cluster.local",
                "cluster.local", "corp.example");
        assertThat(c.options()).containsExactly("ndots:5");
    }

    @Test
    void defaultAndAHostNetworkPodWithClusterFirstUseTheHostsResolvConf() {
        DnsConfig byDefault = dns.forPod(pod().editSpec().withDnsPolicy("Default").endSpec().build());
        DnsConfig hostNet = dns.forPod(pod().editSpec().withHostNetwork(true).endSpec().build());
        for (DnsConfig c : new DnsConfig[] {byDefault, hostNet}) {
            assertThat(c.servers()).containsExactly("192.0.2.1", "192.0.2.2");
            assertThat(c.searches()).containsExactly("corp.example");
            assertThat(c.options()).containsExactly("edns0", "timeout:2");
        }
        DnsConfig withHostNet = dns.forPod(pod().editSpec().withHostNetwork(true)
                .withDnsPolicy("ClusterFirstWithHostNet").endSpec().build());
        assertThat(withHostNet.servers()).containsExactly("10.43.0.10");
    }

    @Test
    void noneTakesOnlyTheDnsConfigAndADnsConfigMergesIntoThePolicy() {
        Pod none = pod().editSpec().withDnsPolicy("None").withNewDnsConfig()
                .withNameservers("1.1.1.1").withSearches("a.example").addNewOption()
                .withName("ndots").withValue("1").endOption().endDnsConfig().endSpec().build();
        DnsConfig c = dns.forPod(none);
        assertThat(c.servers()).containsExactly("1.1.1.1");
        assertThat(c.searches()).containsExactly("a.example");
        assertThat(c.options()).containsExactly("ndots:1");

        Pod merged = pod().editSpec().withNewDnsConfig().withNameservers("10.43.0.10", "1.1.1.1")
                .withSearches("cluster.local", "b.example").addNewOption().withName("edns0")
                .endOption().endDnsConfig().endSpec().build();
        DnsConfig m = dns.forPod(merged);
        assertThat(m.servers()).containsExactly("10.43.0.10", "1.1.1.1");
        assertThat(m.searches()).containsExactly("team.svc.cluster.local", "svc.cluster.local",
                "cluster.local", "corp.example", "b.example");
        assertThat(m.options()).containsExactly("ndots:5", "edns0");
    }
}
