package io.j8s.cli;

import io.j8s.api.J8sVersion;
import io.j8s.kubelet.bootstrap.JoinToken;
import io.j8s.kubelet.bootstrap.NodeCredentials;
import io.j8s.kubelet.bootstrap.TlsBootstrap;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code j8s agent}: a node that joins a running j8s server with its join token. */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Join a j8s cluster as a node: get the node's certificates with the join"
                + " token, then run the node agent.")
final class AgentCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("io.j8s.agent");

    @Spec
    CommandSpec spec;

    @Mixin
    NodeAgentOptions agentOptions;

    @Option(names = "--server", paramLabel = "URL", required = true,
            description = "The API server to join: https://HOST:6443.")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", required = true,
            description = "The join token: the content of DATA_DIR/server/node-token on the server.")
    String token;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where j8s keeps its state (default: /var/lib/j8s as root, ~/.j8s otherwise).")
    Path dataDir;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Name of this node (default: the host name).")
    String nodeName;






    @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = "10.42.0.0/16",
            description = "The cluster's pod range, kept on this machine by a blackhole route."
                    + " Default: ${DEFAULT-VALUE}.")
    String clusterCidr;

    @Option(names = "--service-cidr", paramLabel = "CIDR", defaultValue = "10.43.0.0/16",
            description = "The cluster's service range, kept on this machine by a blackhole"
                    + " route. Default: ${DEFAULT-VALUE}.")
    String serviceCidr;

    /** Whether the server this agent joins runs a cloud controller manager. */
    enum CloudProvider { external, none }

    @Option(names = "--cloud-provider", paramLabel = "external|none", defaultValue = "external",
            description = "external: the server's cloud controller manager initializes this node"
                    + " (it registers with the node.cloudprovider.kubernetes.io/uninitialized"
                    + " taint); none: the server runs with --disable-cloud-controller."
                    + " Default: ${DEFAULT-VALUE}.")
    CloudProvider cloudProvider;

    @Override
    public Integer call() throws Exception {
        JoinToken joinToken;
        try {
            joinToken = JoinToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        URI url = URI.create(server);
        if (!"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--server must be https://HOST:PORT, not " + server);
        }
        Logs.toStderr();
        Path dir = dataDir != null ? dataDir : DataDir.defaultPath();
        Files.createDirectories(dir);
        String node = nodeName != null ? nodeName : ControlPlaneCredentials.hostName();
        LOG.info("j8s " + J8sVersion.version() + " agent starting: joining " + server
                + " as node " + node + ", data dir " + dir + ", runtime " + agentOptions.runtime);
        List<String> dns = new ArrayList<>(List.of(node));
        String host = ControlPlaneCredentials.hostName();
        if (!dns.contains(host)) {
            dns.add(host);
        }
        List<String> ips = new ArrayList<>(ControlPlaneCredentials.nodeAddresses());
        ips.add("127.0.0.1");
        NodeCredentials credentials = new TlsBootstrap(url, joinToken, dir.resolve("agent"),
                node, dns, ips, Duration.ofMinutes(2)).credentials();
        return runNodeAgent(credentials, dir);
    }

    /** Runs the node agent with the node's credentials until SIGTERM or SIGINT. */
    private int runNodeAgent(NodeCredentials credentials, Path dataDir) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        String ip = agentOptions.nodeIp();
        try (NodeAgent agent = NodeAgent.start(
                new NodeAgent.Identity(credentials.nodeName(), credentials.kubeconfig(),
                        credentials.servingCertFile(), credentials.servingKeyFile(),
                        credentials.caFile(), credentials.kubeconfig()),
                new NodeAgent.Placement(dataDir, ip, agentOptions.kubeletPort, clusterCidr,
                        serviceCidr),
                agentOptions.runtimeChoice(), agentOptions.kubeletSpdyOnly,
                cloudProvider == CloudProvider.external)) {
            LOG.info("j8s agent running; stop it with Ctrl-C or SIGTERM");
            stop.await();
            LOG.info("stopping");
        }
        LOG.info("agent stopped");
        return 0;
    }
}
