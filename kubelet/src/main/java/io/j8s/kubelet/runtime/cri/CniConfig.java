package io.j8s.kubelet.runtime.cri;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The node's CNI network, {@code 10-j8s.conflist} in containerd's CNI conf dir: the bridge
 * {@code cni0} as the pods' gateway (hairpin on, no masquerade: pod traffic never leaves the
 * machine), host-local IPAM on the node's pod CIDR with a default route, and portmap for
 * hostPorts. host-local keeps its leases under our data dir, not /var/lib/cni. containerd
 * watches the directory, so a rewrite takes effect for the next sandbox.
 */
public final class CniConfig {
    public static final String FILE_NAME = "10-j8s.conflist";
    public static final String BRIDGE = "cni0";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path confDir;
    private final Path ipamDir;

    /** {@code confDir}: containerd's CNI conf dir; {@code ipamDir}: where host-local keeps its leases. */
    public CniConfig(Path confDir, Path ipamDir) {
        this.confDir = confDir;
        this.ipamDir = ipamDir;
    }

    /** For a data dir: DATA_DIR/agent/etc/cni/net.d and DATA_DIR/agent/cni/networks. */
    public static CniConfig under(Path dataDir) {
        return new CniConfig(dataDir.resolve("agent/etc/cni/net.d"), dataDir.resolve("agent/cni/networks"));
    }

    public Path confDir() {
        return confDir;
    }

    public Path file() {
        return confDir.resolve(FILE_NAME);
    }

    /** Writes the network for {@code podCidr} ({@code 10.42.0.0/24}), atomically. */
    public void write(String podCidr) throws IOException {
        Map<String, Object> ipam = new LinkedHashMap<>();
        ipam.put("type", "host-local");
        ipam.put("ranges", List.of(List.of(Map.of("subnet", podCidr))));
        ipam.put("routes", List.of(Map.of("dst", "0.0.0.0/0")));
        ipam.put("dataDir", ipamDir.toString());
        Map<String, Object> bridge = new LinkedHashMap<>();
        bridge.put("type", "bridge");
        bridge.put("bridge", BRIDGE);
        bridge.put("isGateway", true);
        bridge.put("ipMasq", false);
        bridge.put("hairpinMode", true);
        bridge.put("ipam", ipam);
        Map<String, Object> portmap = new LinkedHashMap<>();
        portmap.put("type", "portmap");
        portmap.put("capabilities", Map.of("portMappings", true));
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("cniVersion", "1.0.0");
        list.put("name", "j8s");
        list.put("plugins", List.of(bridge, portmap));

        Files.createDirectories(confDir);
        Files.createDirectories(ipamDir);
        // Not *.conflist while half written: containerd loads the directory's files as they appear.
        Path tmp = confDir.resolve("." + FILE_NAME + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(list));
        Files.move(tmp, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
