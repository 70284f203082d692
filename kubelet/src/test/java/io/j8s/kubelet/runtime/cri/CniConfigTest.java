package io.j8s.kubelet.runtime.cri;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniConfigTest {
    @TempDir
    Path dataDir;

    @Test
    void bridgeOnThePodCidrWithPortmapAndNoMasquerade() throws IOException {
        CniConfig cni = CniConfig.under(dataDir);
        cni.write("10.42.0.0/24");
        cni.write("10.42.7.0/24");

        assertThat(cni.file()).isEqualTo(dataDir.resolve("agent/etc/cni/net.d/10-j8s.conflist"));
        try (var files = Files.list(cni.confDir())) {
            assertThat(files).containsExactly(cni.file());
        }
        JsonNode list = new ObjectMapper().readTree(cni.file().toFile());
        JsonNode bridge = list.get("plugins").get(0);
        assertThat(bridge.get("type").asText()).isEqualTo("bridge");
        assertThat(bridge.get("bridge").asText()).isEqualTo("cni0");
        assertThat(bridge.get("isGateway").asBoolean()).isTrue();
        assertThat(bridge.get("hairpinMode").asBoolean()).isTrue();
        assertThat(bridge.get("ipMasq").asBoolean()).isFalse();
        JsonNode ipam = bridge.get("ipam");
        assertThat(ipam.get("type").asText()).isEqualTo("host-local");
        assertThat(ipam.get("ranges").get(0).get(0).get("subnet").asText()).isEqualTo("10.42.7.0/24");
        assertThat(ipam.get("routes").get(0).get("dst").asText()).isEqualTo("0.0.0.0/0");
        JsonNode portmap = list.get("plugins").get(1);
        assertThat(portmap.get("type").asText()).isEqualTo("portmap");
        assertThat(portmap.get("capabilities").get("portMappings").asBoolean()).isTrue();
    }
}
