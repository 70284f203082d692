package io.j8s.cli;

import io.j8s.api.J8sVersion;
import io.j8s.apiserver.ApiServer;
import io.j8s.apiserver.admission.AdmissionPlugins;
import io.j8s.apiserver.ApiServerBuilder;
import io.j8s.apiserver.audit.AuditLog;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.encryption.EncryptionConfiguration;
import io.j8s.apiserver.podsecurity.PodSecurityConfiguration;
import io.j8s.apiserver.serviceaccount.SigningKey;
import io.j8s.apiserver.authn.AuthorizationModes;
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

    @Mixin
    AuthenticationOptions authOptions;

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

    @Option(names = "--service-account-issuer", paramLabel = "URL",
            defaultValue = ApiServerBuilder.DEFAULT_ISSUER,
            description = "The iss of the service account tokens TokenRequest issues, and the"
                    + " issuer whose tokens are accepted. Default: ${DEFAULT-VALUE}.")
    String serviceAccountIssuer;

    @Option(names = "--service-account-signing-key-file", paramLabel = "FILE",
            description = "PEM private key (RSA, or ECDSA on P-256/384/521) service account tokens"
                    + " are signed with; an ECDSA P-256 key is created when missing."
                    + " Default: DATA_DIR/server/tls/service-account.key.")
    Path serviceAccountSigningKeyFile;

    @Option(names = "--service-account-max-token-expiration", paramLabel = "DURATION",
            defaultValue = "0", converter = GoDuration.class,
            description = "The longest validity a TokenRequest is granted; a longer request gets"
                    + " this much. Between 1h and 2^32 s; 0 for no maximum. Default: ${DEFAULT-VALUE}.")
    Duration serviceAccountMaxTokenExpiration;

    @Option(names = "--service-account-key-file", paramLabel = "FILE",
            description = "PEM file of public keys, private keys or certificates (RSA or ECDSA)"
                    + " whose service account tokens are accepted besides the signing key's, and"
                    + " that /openid/v1/jwks lists; repeatable.")
    List<Path> serviceAccountKeyFiles = new ArrayList<>();

    @Option(names = "--api-audiences", paramLabel = "AUD", split = ",",
            description = "Audiences a service account token must name one of; the default"
                    + " audience of TokenRequest. Default: the --service-account-issuer.")
    List<String> apiAudiences = new ArrayList<>();

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
                    + " (pods, the cni0 bridge, the service proxy's rules, the blackhole routes of the"
                    + " pod and service ranges), then exit.")
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
                    + " j8s serves NamespaceLifecycle, LimitRanger, ServiceAccount, PodSecurity,"
                    + " Priority, DefaultTolerationSeconds, MutatingAdmissionWebhook,"
                    + " ValidatingAdmissionPolicy, ValidatingAdmissionWebhook and ResourceQuota,"
                    + " all on by default).")
    List<String> enableAdmissionPlugins = new ArrayList<>();

    @Option(names = "--disable-admission-plugins", paramLabel = "PLUGIN", split = ",",
            description = "Admission plugins to turn off (upstream's names).")
    List<String> disableAdmissionPlugins = new ArrayList<>();

    @Option(names = "--authorization-mode", paramLabel = "MODE[,MODE...]",
            defaultValue = AuthorizationModes.SERVER_DEFAULT,
            description = "Who may do what, modes asked in order: Node (a node's identity reads"
                    + " only what its pods reference and writes only its own objects), RBAC"
                    + " (roles and bindings; upstream's bootstrap policy is created at start),"
                    + " AlwaysAllow (anybody anything: throwaway clusters only), AlwaysDeny, or"
                    + " Bootstrap (j8s's fixed policy before RBAC: cluster admins and j8s's own"
                    + " components everything). Default: ${DEFAULT-VALUE}.")
    String authorizationMode;

    @Option(names = "--anonymous-auth", paramLabel = "BOOL", arity = "0..1",
            fallbackValue = "true", defaultValue = "true",
            description = "Requests without credentials are system:anonymous (group"
                    + " system:unauthenticated) and go on to authorization (RBAC's bootstrap"
                    + " policy lets them read /healthz, /livez, /readyz and /version only). Off,"
                    + " they get 401 except on those endpoints. Default: ${DEFAULT-VALUE}.")
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

    @Option(names = "--cluster-dns-port", paramLabel = "PORT", defaultValue = "53",
            description = "Port (UDP and TCP) the cluster DNS listens on at the node's address; the"
                    + " kube-dns Service (the 10th address of --service-cidr) points at it."
                    + " 0: a free port. Default: ${DEFAULT-VALUE}.")
    int clusterDnsPort;

    @Option(names = "--dns-upstream", paramLabel = "IP[:PORT][,...]", split = ",",
            description = "Resolvers the cluster DNS forwards names outside the cluster domain to,"
                    + " in order, or 'none' to answer those with NXDOMAIN (default: the nameservers"
                    + " of /etc/resolv.conf).")
    List<String> dnsUpstream;

    @Option(names = "--disable-dns", description = "Do not serve the cluster DNS.")
    boolean disableDns;

    @Option(names = "--disable-cloud-controller",
            description = "Do not run the cloud controller manager (node initialization, load"
                    + " balancers, pod CIDR routes); the node then registers without the"
                    + " uninitialized taint.")
    boolean disableCloudController;

    @Option(names = "--lb-pool", paramLabel = "CIDR",
            description = "Addresses Services of type LoadBalancer get, one each (default: the"
                    + " node's InternalIP, shared by Services with different ports).")
    String lbPool;

    @Option(names = "--pod-security-default", paramLabel = "LEVEL", defaultValue = "privileged",
            description = "Pod Security level (privileged, baseline or restricted, at latest) of"
                    + " namespaces without pod-security.kubernetes.io labels, for enforce, audit"
                    + " and warn. Default: ${DEFAULT-VALUE}, as upstream.")
    String podSecurityDefault;

    @Option(names = "--admission-control-config-file", paramLabel = "FILE",
            description = "AdmissionConfiguration (apiserver.config.k8s.io/v1); j8s reads the"
                    + " PodSecurity plugin's PodSecurityConfiguration (defaults, exemptions).")
    Path admissionControlConfigFile;

    @Option(names = "--audit-policy-file", paramLabel = "FILE",
            description = "Audit Policy (audit.k8s.io/v1): which requests are logged at which"
                    + " level. Needs --audit-log-path.")
    Path auditPolicyFile;

    @Option(names = "--audit-log-path", paramLabel = "FILE",
            description = "Where audit events go, one JSON line each; '-' for standard output.")
    String auditLogPath;

    @Option(names = "--audit-log-maxsize", paramLabel = "MB", defaultValue = "0",
            description = "Megabytes of audit log before it is rotated (0: never).")
    int auditLogMaxSize;

    @Option(names = "--audit-log-maxbackup", paramLabel = "N", defaultValue = "0",
            description = "Rotated audit logs kept (0: all).")
    int auditLogMaxBackup;

    @Option(names = "--audit-log-maxage", paramLabel = "DAYS", defaultValue = "0",
            description = "Days a rotated audit log is kept (0: any).")
    int auditLogMaxAge;

    @Option(names = "--encryption-provider-config", paramLabel = "FILE",
            description = "EncryptionConfiguration (apiserver.config.k8s.io/v1): resources"
                    + " encrypted at rest with aescbc, aesgcm or secretbox; identity for none.")
    Path encryptionProviderConfig;

    /** The security configuration files, read before anything starts so a bad one stops it. */
    private record Security(PodSecurityConfiguration podSecurity,
            EncryptionConfiguration encryption) {}

    private Security readSecurity() {
        try {
            PodSecurityConfiguration podSecurity = (admissionControlConfigFile == null
                    ? PodSecurityConfiguration.DEFAULT
                    : PodSecurityConfiguration.fromAdmissionConfiguration(
                            admissionControlConfigFile));
            if (spec.commandLine().getParseResult().hasMatchedOption("--pod-security-default")
                    || admissionControlConfigFile == null) {
                podSecurity = podSecurity.withDefaultLevel(podSecurityDefault);
            }
            if (auditPolicyFile != null) {
                AuditLog.open(auditPolicyFile, "-", 0, 0, 0); // checks the policy, writes nothing
            }
            if ((auditPolicyFile == null) != (auditLogPath == null)) {
                throw new IllegalArgumentException("--audit-policy-file and --audit-log-path go"
                        + " together");
            }
            if (auditLogMaxSize < 0 || auditLogMaxBackup < 0 || auditLogMaxAge < 0) {
                throw new IllegalArgumentException("--audit-log-maxsize, --audit-log-maxbackup"
                        + " and --audit-log-maxage must be 0 or more");
            }
            return new Security(podSecurity, encryptionProviderConfig == null ? null
                    : EncryptionConfiguration.read(encryptionProviderConfig));
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        Security security = readSecurity();
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
        try {
            authOptions.check();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        List<java.net.InetSocketAddress> upstreams = dnsUpstreams();
        if (lbPool != null) {
            try {
                io.j8s.cloud.local.LocalProvider.checkPool(lbPool);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        if (clusterDnsPort < 0 || clusterDnsPort > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cluster-dns-port must"
                    + " be a port (0 for a free one), not " + clusterDnsPort);
        }
        List<String> admissionPlugins = AdmissionPlugins.resolve(enableAdmissionPlugins,
                disableAdmissionPlugins);
        AuthorizationModes.modes(authorizationMode); // refused by name before anything starts
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
            Store opened = Store.builder().endpoint(datastoreEndpoint).dataDir(dir)
                    .retention(compactionInterval).open();
            // wrapped here, so that every reader of the store (bootstrap tokens too) decrypts
            Store store = security.encryption() == null ? opened
                    : security.encryption().wrap(opened);
            try {
                LOG.info(String.format(Locale.ROOT,
                        "store ready: %s at revision %d (%d ms after the JVM started)",
                        store.describe(), store.currentRevision(),
                        ManagementFactory.getRuntimeMXBean().getUptime()));
                ControlPlaneCredentials credentials = ControlPlaneCredentials.prepare(dir, node,
                        new ServiceAllocator(serviceCidr, nodePortRange).ipAt(1), httpsListenPort);
                try (ApiServer api = startApiServer(credentials, store, admissionPlugins,
                        extraClientCas, security);
                        InProcessComponents components = InProcessComponents.start(dir,
                                credentials.pki(), clusterCidr, nodeCidrMaskSize, controllers,
                                node + "_" + java.util.UUID.randomUUID(),
                                serviceAccountKeyFile(credentials))) {
                    LOG.info(String.format(Locale.ROOT,
                            "apiserver ready: https://%s:%d (%d ms after the JVM started)",
                            bindAddress, api.port(),
                            ManagementFactory.getRuntimeMXBean().getUptime()));
                    try (InProcessScheduler scheduler = InProcessScheduler.start(dir,
                                    schedulerConfig, node);
                            InProcessDns dns = disableDns ? null : InProcessDns.start(dir,
                                    agentOptions.nodeIp(), clusterDnsPort,
                                    new ServiceAllocator(serviceCidr, nodePortRange).ipAt(10),
                                    upstreams);
                            InProcessCloud cloud = disableCloudController ? null
                                    : InProcessCloud.start(dir, lbPool, agentOptions.nodeIp(),
                                            node + "_" + java.util.UUID.randomUUID());
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
                        serving.certFile(), serving.keyFile(), credentials.pki().caCertFile(),
                        dir.resolve("server/cred/kube-proxy.kubeconfig")),
                new NodeAgent.Placement(dir, ip, agentOptions.kubeletPort, clusterCidr, serviceCidr),
                agentOptions.runtimeChoice(), agentOptions.kubeletSpdyOnly,
                !disableCloudController);
    }

    private ApiServer startApiServer(ControlPlaneCredentials credentials, Store store,
            List<String> admissionPlugins, List<X509Certificate> extraClientCas, Security security)
            throws IOException {
        if (credentials.kubeconfigIsNew()) {
            System.out.println("export KUBECONFIG=" + credentials.kubeconfig());
        }
        LOG.info("kubeconfig for the admin: " + credentials.kubeconfig());
        List<Authenticator> authenticators = new ArrayList<>(authOptions.first());
        authenticators.add(Authenticator.x509(credentials.pki().caCertificate()));
        extraClientCas.forEach(ca -> authenticators.add(Authenticator.x509(ca)));
        if (tokenFile != null) {
            authenticators.add(Authenticator.tokenFile(tokenFile));
        }
        authenticators.add(Authenticator.bootstrapTokens(store));
        authenticators.addAll(authOptions.tokens());
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
                .serviceAccountTokens(SigningKey.loadOrCreate(serviceAccountKeyFile(
                        credentials)), serviceAccountIssuer, apiAudiences)
                .serviceAccountMaxTokenExpiration(serviceAccountMaxTokenExpiration)
                .serviceAccountPublicKeys(serviceAccountKeyFiles.stream()
                        .flatMap(f -> SigningKey.verificationKeys(f).stream()).toList())
                .frontProxy(new io.j8s.apiserver.aggregation.FrontProxy(
                        frontProxyClient.certFile(), frontProxyClient.keyFile(),
                        credentials.pki().frontProxyCaCertFile(), credentials.pki().caCertFile()))
                .kubeletClientTls(new KubeletClientTls(kubeletClient.certFile(),
                        kubeletClient.keyFile(), credentials.pki().caCertFile()))
                .host(bindAddress)
                .port(httpsListenPort)
                .httpOptions(http)
                .authenticator(Authenticator.union(authenticators))
                .authorizationModes(authorizationMode)
                .anonymousAuth(anonymousAuth)
                .admissionPlugins(admissionPlugins)
                .podSecurity(security.podSecurity())
                .audit(auditPolicyFile == null ? AuditLog.NONE : AuditLog.open(auditPolicyFile,
                        auditLogPath, auditLogMaxSize, auditLogMaxBackup, auditLogMaxAge))
                .limits(new ServingLimits(maxRequestsInFlight, maxMutatingRequestsInFlight,
                        ServingLimits.UPSTREAM.headerTimeout(), ServingLimits.UPSTREAM.idleTimeout()))
                .serviceCidr(serviceCidr)
                .nodePortRange(nodePortRange)
                .advertiseAddress(advertise)
                .minRequestTimeout(Duration.ofSeconds(minRequestTimeoutSeconds))
                .start();
    }

    /** Upstream's --service-account-signing-key-file, by default beside the cluster CA. */
    private Path serviceAccountKeyFile(ControlPlaneCredentials credentials) {
        return serviceAccountSigningKeyFile != null ? serviceAccountSigningKeyFile
                : credentials.pki().caCertFile().resolveSibling("service-account.key");
    }

    /** {@code --dns-upstream}: its resolvers, none for 'none', else /etc/resolv.conf's. */
    private List<java.net.InetSocketAddress> dnsUpstreams() {
        if (dnsUpstream == null || dnsUpstream.isEmpty()) {
            return io.j8s.dns.ResolvConf.nameservers(Path.of("/etc/resolv.conf"));
        }
        if (dnsUpstream.size() == 1 && dnsUpstream.getFirst().equals("none")) {
            return List.of();
        }
        List<java.net.InetSocketAddress> out = new ArrayList<>();
        for (String u : dnsUpstream) {
            java.net.InetSocketAddress a = io.j8s.dns.ResolvConf.parse(u.trim());
            if (a == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dns-upstream: \""
                        + u + "\" is not IP, IP:PORT or [IPv6]:PORT (or 'none')");
            }
            out.add(a);
        }
        return out;
    }

    /** Refuses a --controllers entry that names no known controller. */
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
        if (authOptions.requestHeaderCa() != null) {
            trust.addCertPath(authOptions.requestHeaderCa().toAbsolutePath().toString());
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
