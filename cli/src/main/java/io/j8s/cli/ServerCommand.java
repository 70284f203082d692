package io.j8s.cli;

import io.j8s.api.J8sVersion;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.admission.AdmissionPlugins;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.AuthorizationModes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.http.ServingLimits;
import io.j8s.apiserver.kubeletproxy.KubeletClientTls;
import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.registry.ServiceAllocator;
import io.j8s.controllers.ControllerManager;
import io.j8s.store.Store;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code j8s server}: a whole single-node cluster in one process. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the j8s control plane (and, unless disabled, a node agent).")
final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");

    @Spec
    CommandSpec spec;

    @Mixin
    NodeAgentOptions agentOptions;

    /** How the node agent runs pods. */
    enum Runtime { cri, sim }

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where j8s keeps its state (default: /var/lib/j8s as root, ~/.j8s otherwise).")
    Path dataDir;

    @Option(names = "--datastore-endpoint", paramLabel = "URL", defaultValue = "",
            description = "Empty for the embedded SQLite database, or http://host:2379[,http://host2:2379] for etcd.")
    String datastoreEndpoint;


    @Option(names = "--disable-agent", description = "Run only the control plane, no node agent.")
    boolean disableAgent;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Name of this node (default: the host name).")
    String nodeName;





    @Option(names = "--https-listen-port", paramLabel = "PORT", defaultValue = "6443",
            description = "Port of the API server. Default: ${DEFAULT-VALUE}.")
    int httpsListenPort;

    @Option(names = "--bind-address", paramLabel = "IP", defaultValue = "0.0.0.0",
            description = "Address the API server listens on. Default: ${DEFAULT-VALUE}.")
    String bindAddress;

    @Option(names = "--advertise-address", paramLabel = "IP",
            description = "Address the kubernetes service points at (default: this node's first address).")
    String advertiseAddress;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Static bearer tokens, upstream's format: token,user,uid,\"group1,group2\".")
    Path tokenFile;

    @Option(names = "--service-cidr", paramLabel = "CIDR", defaultValue = "10.43.0.0/16",
            description = "Range of service cluster IPs. Default: ${DEFAULT-VALUE}.")
    String serviceCidr;

    @Option(names = "--cluster-cidr", paramLabel = "CIDR", defaultValue = "10.42.0.0/16",
            description = "Range of pod IPs; each node gets a subnet of it. Default: ${DEFAULT-VALUE}.")
    String clusterCidr;

    @Option(names = "--node-cidr-mask-size", paramLabel = "N", defaultValue = "24",
            description = "Prefix length of each node's pod subnet. Default: ${DEFAULT-VALUE}.")
    int nodeCidrMaskSize;

    @Option(names = "--controllers", paramLabel = "NAME[,NAME...]", split = ",",
            defaultValue = "*",
            description = "Controllers the controller manager runs: '*' is every one, 'name'"
                    + " adds one, '-name' turns one off (e.g. '*,-garbage-collector')."
                    + " Default: ${DEFAULT-VALUE}.")
    Set<String> controllers;

    @Option(names = "--cleanup",
            description = "Remove what j8s set up on this machine outside the data directory"
                    + " (the blackhole routes of the pod and service ranges), then exit.")
    boolean cleanup;

    @Option(names = "--service-node-port-range", paramLabel = "RANGE", defaultValue = "30000-32767",
            description = "Range of node ports. Default: ${DEFAULT-VALUE}.")
    String nodePortRange;

    @Option(names = "--min-request-timeout", paramLabel = "SECONDS", defaultValue = "1800",
            description = "A watch that sets no timeoutSeconds is ended by the server after a random"
                    + " time between this many seconds and twice that, and the client watches again"
                    + " (0: never). Default: ${DEFAULT-VALUE}.")
    int minRequestTimeoutSeconds;

    @Option(names = "--etcd-compaction-interval", paramLabel = "DURATION", defaultValue = "5m",
            converter = GoDuration.class,
            description = "How much of the store's history to keep: older revisions are compacted"
                    + " away, and a watch or list from them gets 410 Gone. A duration such as 5m,"
                    + " 30s or 1h; 0 turns compaction off. Default: ${DEFAULT-VALUE}.")
    Duration compactionInterval;

    @Option(names = "--enable-admission-plugins", paramLabel = "PLUGIN", split = ",",
            description = "Admission plugins to turn on besides the default ones (upstream's names;"
                    + " j8s serves NamespaceLifecycle, LimitRanger, ServiceAccount, Priority,"
                    + " DefaultTolerationSeconds, MutatingAdmissionWebhook,"
                    + " ValidatingAdmissionWebhook and ResourceQuota, all on by default).")
    List<String> enableAdmissionPlugins = new ArrayList<>();

    @Option(names = "--disable-admission-plugins", paramLabel = "PLUGIN", split = ",",
            description = "Admission plugins to turn off (upstream's names).")
    List<String> disableAdmissionPlugins = new ArrayList<>();

    @Option(names = "--authorization-mode", paramLabel = "MODE[,MODE...]",
            defaultValue = AuthorizationModes.DEFAULT,
            description = "Who may do what: AlwaysAllow (anybody anything: throwaway clusters only),"
                    + " AlwaysDeny, or Bootstrap (cluster admins and j8s's own components"
                    + " everything; other users the self reviews and discovery; everybody the"
                    + " health endpoints). RBAC and Node are not served yet."
                    + " Default: ${DEFAULT-VALUE}.")
    String authorizationMode;

    @Option(names = "--anonymous-auth", paramLabel = "BOOL", arity = "0..1",
            fallbackValue = "true", defaultValue = "false",
            description = "Requests without credentials are system:anonymous (group"
                    + " system:unauthenticated) and go on to authorization. Off, they get 401"
                    + " except on /healthz, /livez, /readyz and /version. Default: ${DEFAULT-VALUE}.")
    boolean anonymousAuth;

    @Option(names = "--client-ca-file", paramLabel = "FILE",
            description = "PEM certificates of a CA whose client certificates are accepted too,"
                    + " beside those of the cluster's own CA (user = CN, groups = O).")
    Path clientCaFile;

    @Option(names = "--max-requests-inflight", paramLabel = "N", defaultValue = "400",
            description = "Read-only requests served at once; more get 429 (0: no limit)."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxRequestsInFlight;

    @Option(names = "--max-mutating-requests-inflight", paramLabel = "N", defaultValue = "200",
            description = "Mutating requests served at once; more get 429 (0: no limit)."
                    + " Default: ${DEFAULT-VALUE}.")
    int maxMutatingRequestsInFlight;

    @Option(names = "--scheduler-config", paramLabel = "FILE",
            description = "KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) for the"
                    + " scheduler: profiles, plugins, weights. Default: upstream's default profile.")
    Path schedulerConfig;

    @Override
    public Integer call() throws Exception {
        if (schedulerConfig != null) {
            io.j8s.scheduler.Scheduler.checkConfig(schedulerConfig);
        }
        if (minRequestTimeoutSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--min-request-timeout"
                    + " must be 0 or more seconds, not " + minRequestTimeoutSeconds);
        }
        if (maxRequestsInFlight < 0 || maxMutatingRequestsInFlight < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-requests-inflight"
                    + " and --max-mutating-requests-inflight must be 0 (no limit) or more");
        }
        try {
            ControllerManager.checkNodeCidrs(clusterCidr, nodeCidrMaskSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cluster-cidr "
                    + clusterCidr + " / --node-cidr-mask-size " + nodeCidrMaskSize + ": "
                    + e.getMessage());
        }
        checkControllers();
        List<String> admissionPlugins = AdmissionPlugins.resolve(enableAdmissionPlugins,
                disableAdmissionPlugins);
        Authorizer authorizer = AuthorizationModes.parse(authorizationMode);
        List<X509Certificate> extraClientCas = clientCaFile == null ? List.of()
                : ClientCaFile.read(clientCaFile);
        Logs.toStderr();
        Path dir = dataDir != null ? dataDir : defaultDataDir();
        prepare(dir);
        if (cleanup) {
            try (DataDirLock lock = DataDirLock.acquire(dir)) {
                List<String> failed = ServerCleanup.run(ServerCleanup.steps(dir, clusterCidr,
                        serviceCidr));
                if (!failed.isEmpty()) {
                    spec.commandLine().getErr().println("j8s: cleanup failed: "
                            + String.join(", ", failed));
                    return 1;
                }
                return 0;
            }
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());

        try (DataDirLock lock = DataDirLock.acquire(dir)) {
            Path logFile = Logs.toFile(dir);
            String node = nodeName != null ? nodeName : hostName();
            LOG.info("j8s " + J8sVersion.version() + " starting: data dir " + dir + ", node " + node
                    + ", runtime " + agentOptions.runtime + (disableAgent ? ", agent disabled" : "")
                    + ", log " + logFile);
            Store store = Store.builder().endpoint(datastoreEndpoint).dataDir(dir)
                    .retention(compactionInterval).open();
            try {
                LOG.info(String.format(Locale.ROOT,
                        "store ready: %s at revision %d (%d ms after the JVM started)",
                        store.describe(), store.currentRevision(),
                        ManagementFactory.getRuntimeMXBean().getUptime()));
                ControlPlaneCredentials credentials = ControlPlaneCredentials.prepare(dir, node,
                        new ServiceAllocator(serviceCidr, nodePortRange).ipAt(1), httpsListenPort);
                try (ApiServer api = startApiServer(credentials, store, admissionPlugins,
                        authorizer, extraClientCas);
                        InProcessComponents components = InProcessComponents.start(dir,
                                credentials.pki(), clusterCidr, nodeCidrMaskSize, controllers,
                                node + "_" + java.util.UUID.randomUUID())) {
                    LOG.info(String.format(Locale.ROOT,
                            "apiserver ready: https://%s:%d (%d ms after the JVM started)",
                            bindAddress, api.port(),
                            ManagementFactory.getRuntimeMXBean().getUptime()));
                    try (InProcessScheduler scheduler = InProcessScheduler.start(dir,
                                    schedulerConfig, node);
                            NodeAgent agent = disableAgent ? null : startAgent(dir, node, credentials)) {
                        LOG.info("j8s server running; stop it with Ctrl-C or SIGTERM");
                        stop.await();
                        LOG.info("stopping");
                    }
                }
            } finally {
                store.close();
            }
            LOG.info("store closed; j8s server stopped");
        }
        return 0;
    }

    /** The server's own node agent, with the node identity's credentials from the cluster PKI. */
    private NodeAgent startAgent(Path dir, String node, ControlPlaneCredentials credentials)
            throws Exception {
        String ip = agentOptions.nodeIp();
        List<String> dns = new ArrayList<>(List.of(node, "localhost"));
        List<String> ips = new ArrayList<>(List.of(ip, "127.0.0.1"));
        var serving = credentials.pki().kubeletServing(node, dns, ips);
        return NodeAgent.start(
                new NodeAgent.Identity(node, dir.resolve("server/cred/node.kubeconfig"),
                        serving.certFile(), serving.keyFile(), credentials.pki().caCertFile()),
                new NodeAgent.Placement(dir, ip, agentOptions.kubeletPort, clusterCidr, serviceCidr),
                agentOptions.runtimeChoice(), agentOptions.kubeletSpdyOnly);
    }

    private ApiServer startApiServer(ControlPlaneCredentials credentials, Store store,
            List<String> admissionPlugins, Authorizer authorizer,
            List<X509Certificate> extraClientCas) throws IOException {
        if (credentials.kubeconfigIsNew()) {
            System.out.println("export KUBECONFIG=" + credentials.kubeconfig());
        }
        LOG.info("kubeconfig for the admin: " + credentials.kubeconfig());
        List<Authenticator> authenticators = new ArrayList<>();
        authenticators.add(Authenticator.x509(credentials.pki().caCertificate()));
        extraClientCas.forEach(ca -> authenticators.add(Authenticator.x509(ca)));
        if (tokenFile != null) {
            authenticators.add(Authenticator.tokenFile(tokenFile));
        }
        authenticators.add(Authenticator.bootstrapTokens(store));
        HttpServerOptions http = new HttpServerOptions()
                .setSsl(true)
                // The serving certificate and then the CA: a joining agent reads the CA from the
                // handshake and pins it against the hash in its join token.
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(
                                Files.readString(credentials.pki().servingCertFile())
                                        + Files.readString(credentials.pki().caCertFile())))
                        .setKeyPath(credentials.pki().servingKeyFile().toString()))
                .setTrustOptions(trust(credentials.pki().caCertFile()))
                .setClientAuth(ClientAuth.REQUEST);
        String advertise = advertiseAddress != null ? advertiseAddress
                : ControlPlaneCredentials.defaultRouteAddress();
        ClientCredentials kubeletClient = credentials.pki().clientCredentials(
                "kube-apiserver-kubelet-client", List.of("system:masters"));
        io.j8s.apiserver.pki.CertificateFiles frontProxyClient =
                credentials.pki().frontProxyClient();
        return ApiServer.builder()
                .store(store)
                .frontProxy(new io.j8s.apiserver.aggregation.FrontProxy(
                        frontProxyClient.certFile(), frontProxyClient.keyFile(),
                        credentials.pki().frontProxyCaCertFile(), credentials.pki().caCertFile()))
                .kubeletClientTls(new KubeletClientTls(kubeletClient.certFile(),
                        kubeletClient.keyFile(), credentials.pki().caCertFile()))
                .host(bindAddress)
                .port(httpsListenPort)
                .httpOptions(http)
                .authenticator(Authenticator.union(authenticators))
                .authorizer(authorizer)
                .anonymousAuth(anonymousAuth)
                .admissionPlugins(admissionPlugins)
                .limits(new ServingLimits(maxRequestsInFlight, maxMutatingRequestsInFlight,
                        ServingLimits.UPSTREAM.headerTimeout(), ServingLimits.UPSTREAM.idleTimeout()))
                .serviceCidr(serviceCidr)
                .nodePortRange(nodePortRange)
                .advertiseAddress(advertise)
                .minRequestTimeout(Duration.ofSeconds(minRequestTimeoutSeconds))
                .start();
    }

    /** The CAs whose client certificates the TLS handshake accepts: the cluster's, and --client-ca-file's. */
    private void checkControllers() {
        Set<String> known = ControllerManager.Builder.knownControllers();
        for (String c : controllers) {
            String name = c.startsWith("-") ? c.substring(1) : c;
            if (!name.equals("*") && !known.contains(name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--controllers: \""
                        + name + "\" is not a known controller (known: " + String.join(", ", known)
                        + ")");
            }
        }
    }

    private PemTrustOptions trust(Path clusterCa) {
        PemTrustOptions trust = new PemTrustOptions().addCertPath(clusterCa.toString());
        if (clientCaFile != null) {
            trust.addCertPath(clientCaFile.toAbsolutePath().toString());
        }
        return trust;
    }

    private static Path defaultDataDir() {
        return DataDir.defaultPath();
    }

    private static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (AccessDeniedException e) {
            throw new IllegalStateException("cannot create data dir " + dir
                    + ": permission denied; run as root or pass a --data-dir you can write");
        } catch (FileSystemException e) {
            throw new IllegalStateException("cannot create data dir " + dir + ": "
                    + (e.getReason() != null ? e.getReason() : e.getMessage()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create data dir " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalStateException("data dir " + dir + " is not writable: run as root or"
                    + " pass a --data-dir you can write");
        }
        try {
            DataDir.restrictServerDir(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make " + dir.resolve("server")
                    + " private to this user: " + e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }
}
