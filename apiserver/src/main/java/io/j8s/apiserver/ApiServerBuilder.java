package io.j8s.apiserver;

import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.apiserver.admission.AdmissionPlugins;
import io.j8s.apiserver.crd.CustomResourceConverter;
import io.j8s.apiserver.crd.CustomResources;
import io.j8s.apiserver.authn.Authenticator;
import io.j8s.apiserver.authn.AuthorizationModes;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.http.HttpFrontend;
import io.j8s.apiserver.http.ServingLimits;
import io.j8s.apiserver.kubeletproxy.KubeletClientTls;
import io.j8s.apiserver.rbac.Authorization;
import io.j8s.apiserver.registry.Registries;
import io.j8s.apiserver.registry.ServiceAllocator;
import io.j8s.store.Store;
import io.j8s.apiserver.audit.AuditLog;
import io.j8s.apiserver.encryption.EncryptionConfiguration;
import io.j8s.apiserver.podsecurity.PodSecurityConfiguration;
import io.vertx.core.http.HttpServerOptions;
import io.j8s.apiserver.authn.ObjectLookup;
import io.j8s.apiserver.serviceaccount.IssuerDiscovery;
import io.j8s.apiserver.serviceaccount.ServiceAccountEndpoints;
import io.j8s.apiserver.serviceaccount.SigningKey;
import io.j8s.apiserver.serviceaccount.TokenRequests;
import java.security.PublicKey;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Configures and starts an {@link ApiServer} over a store. */
public final class ApiServerBuilder {
    private Store store;
    private String host = "0.0.0.0";
    private int port = 6443;
    private Clock clock = Clock.systemUTC();
    private HttpServerOptions http = new HttpServerOptions();
    private String serviceCidr = "10.43.0.0/16";
    private String nodePortRange = "30000-32767";
    private String advertiseAddress = "127.0.0.1";
    private Authenticator authenticator;
    private Authorizer authorizer = Authorizer.bootstrap();
    private List<String> authorizationModes;
    private boolean anonymousAdmin;
    private KubeletClientTls kubeletTls;
    private Duration minRequestTimeout = Duration.ofSeconds(1800);
    private boolean anonymousAuth;
    private ServingLimits limits = ServingLimits.UPSTREAM;
    private List<String> admissionPlugins = AdmissionPlugins.SERVED;
    private PodSecurityConfiguration podSecurity = PodSecurityConfiguration.DEFAULT;
    private AuditLog audit = AuditLog.NONE;
    private EncryptionConfiguration encryption;
    private SigningKey serviceAccountKey;
    private String serviceAccountIssuer = DEFAULT_ISSUER;
    private List<String> apiAudiences = List.of();
    private Duration maxTokenExpiration = Duration.ZERO;
    private List<PublicKey> serviceAccountPublicKeys = List.of();

    /** Upstream's (and k3s's) default {@code --service-account-issuer}. */
    public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
    private CustomResourceConverter conversionWebhook;
    private io.j8s.apiserver.aggregation.FrontProxy frontProxy;
    private Duration apiServiceCheckInterval = Duration.ofSeconds(10);

    ApiServerBuilder() {}

    public ApiServerBuilder store(Store store) {
        this.store = Objects.requireNonNull(store);
        return this;
    }

    /** The address to listen on; {@code 0.0.0.0} (the default) for every interface. */
    public ApiServerBuilder host(String host) {
        this.host = Objects.requireNonNull(host);
        return this;
    }

    /** The port; 0 picks a free one. */
    public ApiServerBuilder port(int port) {
        this.port = port;
        return this;
    }

    public ApiServerBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock);
        return this;
    }

    /** The range cluster IPs come from ({@code --service-cidr}). */
    public ApiServerBuilder serviceCidr(String cidr) {
        this.serviceCidr = Objects.requireNonNull(cidr);
        return this;
    }

    /** The range node ports come from ({@code --service-node-port-range}). */
    public ApiServerBuilder nodePortRange(String range) {
        this.nodePortRange = Objects.requireNonNull(range);
        return this;
    }

    /** The address the {@code kubernetes} service's endpoints point at. */
    public ApiServerBuilder advertiseAddress(String address) {
        this.advertiseAddress = Objects.requireNonNull(address);
        return this;
    }

    /** Who a request comes from: client certificates, tokens. Required unless testing. */
    public ApiServerBuilder authenticator(Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator);
        return this;
    }

    public ApiServerBuilder authorizer(Authorizer authorizer) {
        this.authorizer = Objects.requireNonNull(authorizer);
        return this;
    }

    /**
     * Upstream's {@code --authorization-mode} ({@link AuthorizationModes#modes}): Node and RBAC
     * read the cluster's roles, bindings and pods, so the chain is built when the server starts;
     * with RBAC the bootstrap policy is reconciled then. Replaces {@link #authorizer}.
     */
    public ApiServerBuilder authorizationModes(String modes) {
        this.authorizationModes = AuthorizationModes.modes(modes);
        return this;
    }

    /**
     * Upstream's {@code --anonymous-auth}: requests without credentials are
     * {@code system:anonymous} (group {@code system:unauthenticated}) and go on to authorization.
     * Off (the default here), they get 401 except on the health and version endpoints.
     */
    public ApiServerBuilder anonymousAuth(boolean enabled) {
        this.anonymousAuth = enabled;
        return this;
    }

    /**
     * The admission plugins that run, by upstream's names ({@link AdmissionPlugins#resolve});
     * all that j8s serves by default.
     */
    public ApiServerBuilder admissionPlugins(List<String> plugins) {
        this.admissionPlugins = List.copyOf(plugins);
        return this;
    }

    /**
     * Serves service account tokens: TokenRequest signs with {@code key} as {@code issuer}
     * (upstream's {@code --service-account-signing-key-file}, {@code --service-account-issuer}),
     * tokens for {@code apiAudiences} (upstream's {@code --api-audiences}; empty: the issuer) are
     * accepted, and the issuer discovery documents are served. Without it TokenRequest answers
     * 405 and service account tokens are not accepted.
     */
    public ApiServerBuilder serviceAccountTokens(SigningKey key, String issuer,
            List<String> apiAudiences) {
        this.serviceAccountKey = Objects.requireNonNull(key);
        this.serviceAccountIssuer = Objects.requireNonNull(issuer);
        this.apiAudiences = apiAudiences.isEmpty() ? List.of(issuer) : List.copyOf(apiAudiences);
        return this;
    }

    /**
     * The longest a TokenRequest may be granted (upstream's
     * {@code --service-account-max-token-expiration}): between an hour and 2^32 seconds; zero,
     * the default, for no maximum.
     *
     * @throws IllegalArgumentException outside that range
     */
    public ApiServerBuilder serviceAccountMaxTokenExpiration(Duration max) {
        if (!max.isZero() && (max.compareTo(Duration.ofHours(1)) < 0
                || max.toSeconds() > (1L << 32))) {
            throw new IllegalArgumentException("the service-account-max-token-expiration must be"
                    + " between 1 hour and 2^32 seconds");
        }
        this.maxTokenExpiration = max;
        return this;
    }

    /** More keys whose tokens are accepted (upstream's {@code --service-account-key-file}). */
    public ApiServerBuilder serviceAccountPublicKeys(List<PublicKey> keys) {
        this.serviceAccountPublicKeys = List.copyOf(keys);
        return this;
    }

    /** In-flight limits and connection timeouts; upstream's by default. */
    public ApiServerBuilder limits(ServingLimits limits) {
        this.limits = Objects.requireNonNull(limits);
        return this;
    }

    /**
     * Admits every request as a cluster admin, without credentials: for tests that drive the
     * server over plain HTTP on loopback, never for a real server.
     */
    public ApiServerBuilder anonymousAdminForTests() {
        this.anonymousAdmin = true;
        return this;
    }

    /**
     * The client certificate the API server shows kubelets and the CA their serving certificates
     * chain to; pods' log, exec, attach and portforward need it.
     */
    public ApiServerBuilder kubeletClientTls(KubeletClientTls tls) {
        this.kubeletTls = Objects.requireNonNull(tls);
        return this;
    }

    /**
     * Upstream's {@code --min-request-timeout} (default 1800 s): a watch without
     * {@code timeoutSeconds} is ended after a random time between this and twice this, and the
     * client watches again. Zero keeps such watches open until the client leaves.
     */
    public ApiServerBuilder minRequestTimeout(Duration minRequestTimeout) {
        if (minRequestTimeout.isNegative()) {
            throw new IllegalArgumentException("the minimum request timeout must not be negative");
        }
        this.minRequestTimeout = minRequestTimeout;
        return this;
    }

    /**
     * The front-proxy client certificate shown to aggregated API servers, published with the
     * CAs in {@code kube-system/extension-apiserver-authentication}; without it requests are
     * still proxied, with no client certificate.
     */
    public ApiServerBuilder frontProxy(io.j8s.apiserver.aggregation.FrontProxy frontProxy) {
        this.frontProxy = Objects.requireNonNull(frontProxy);
        return this;
    }

    /** How often every APIService's availability and discovery is checked (10 s). */
    public ApiServerBuilder apiServiceCheckInterval(Duration interval) {
        this.apiServiceCheckInterval = Objects.requireNonNull(interval);
        return this;
    }

    /** Vert.x server options: TLS, client authentication. */
    public ApiServerBuilder httpOptions(HttpServerOptions options) {
        this.http = Objects.requireNonNull(options);
        return this;
    }

    /**
     * The PodSecurity plugin's defaults and exemptions (upstream's PodSecurityConfiguration;
     * default: privileged everywhere, nobody exempt).
     */
    public ApiServerBuilder podSecurity(PodSecurityConfiguration config) {
        this.podSecurity = Objects.requireNonNull(config);
        return this;
    }

    /** The audit log requests are written to (default: none). The server closes it. */
    public ApiServerBuilder audit(AuditLog log) {
        this.audit = Objects.requireNonNull(log);
        return this;
    }

    /**
     * Encrypts the configured resources at rest by wrapping the store given to
     * {@link #store}. Whoever else reads that store directly must be given
     * {@link EncryptionConfiguration#wrap} of it too.
     */
    public ApiServerBuilder encryption(EncryptionConfiguration config) {
        this.encryption = config;
        return this;
    }

    /**
     * The converter of custom resources whose definition asks for {@code Webhook} conversion;
     * without one such conversions fail with a clear error.
     */
    public ApiServerBuilder conversionWebhook(CustomResourceConverter converter) {
        this.conversionWebhook = converter;
        return this;
    }

    /** Starts serving; creates the system namespaces when they are missing. */
    public ApiServer start() {
        Objects.requireNonNull(store, "store");
        if (authenticator == null && !anonymousAdmin) {
            throw new IllegalStateException("an API server needs an authenticator");
        }
        Store stored = encryption == null ? store : encryption.wrap(store);
        Registries registries = new Registries(ResourceCatalogue.builtIn(), stored, clock,
                new ServiceAllocator(serviceCidr, nodePortRange), admissionPlugins, podSecurity);
        registries.ensureSystemNamespaces();
        registries.ensureSystemPriorityClasses();
        registries.ensureMandatoryFlowControl();
        CustomResources customResources = CustomResources.install(registries,
                conversionWebhook != null ? conversionWebhook
                        : io.j8s.apiserver.webhook.ConversionWebhook.create(
                                registries.clusterObjects()),
                clock);
        registries.startWatchCaches();
        registries.startRepairs();
        Authorization authorization = authorizationModes == null ? null
                : Authorization.start(registries, authorizationModes,
                        admissionPlugins.contains("NodeRestriction"));
        Authorizer authorizer = authorization == null ? this.authorizer
                : authorization.authorizer();
        io.j8s.apiserver.aggregation.LocalApiServices.ensure(registries);
        io.j8s.apiserver.aggregation.ApiServiceAvailability availability =
                io.j8s.apiserver.aggregation.ApiServiceAvailability.start(registries, clock,
                        apiServiceCheckInterval, frontProxy);
        if (frontProxy != null) {
            io.j8s.apiserver.aggregation.ExtensionApiserverAuthentication.publish(registries,
                    frontProxy);
        }
        Authenticator authenticate = anonymousAdmin ? null : authenticator;
        ServiceAccountEndpoints serviceAccounts = null;
        AtomicInteger listening = new AtomicInteger(port);
        if (serviceAccountKey != null) {
            registries.mountServiceAccountTokens(true);
            ObjectLookup lookup = (resource, namespace, name) -> registries.find("", "v1", resource)
                    .flatMap(r -> r.read(namespace.isEmpty() ? null : namespace, name))
                    .map(o -> (com.fasterxml.jackson.databind.JsonNode) o);
            // Every request's check reads the watch cache, as upstream's reads its informers.
            ObjectLookup cached = (resource, namespace, name) -> registries.find("", "v1", resource)
                    .flatMap(r -> r.readCached(namespace.isEmpty() ? null : namespace, name))
                    .map(o -> (com.fasterxml.jackson.databind.JsonNode) o);
            serviceAccounts = new ServiceAccountEndpoints(
                    new TokenRequests(serviceAccountKey, serviceAccountIssuer, apiAudiences,
                            lookup, clock, maxTokenExpiration),
                    new IssuerDiscovery(serviceAccountIssuer, () -> "https://"
                            + (advertiseAddress.contains(":") ? "[" + advertiseAddress + "]"
                                    : advertiseAddress) + ":" + listening.get()
                            + IssuerDiscovery.JWKS_PATH, serviceAccountKey, serviceAccountPublicKeys));
            if (authenticate != null) {
                List<PublicKey> keys = new java.util.ArrayList<>(serviceAccountPublicKeys);
                keys.add(0, serviceAccountKey.publicKey());
                authenticate = Authenticator.union(List.of(Authenticator.serviceAccountTokens(keys,
                        List.of(serviceAccountIssuer), apiAudiences, cached, clock),
                        authenticate));
            }
        }
        customResources.start();
        HttpFrontend frontend = HttpFrontend.start(registries, http, host, port,
                authenticate, authorizer, anonymousAuth, clock,
                kubeletTls, minRequestTimeout, limits, audit, serviceAccounts);
        listening.set(frontend.port());
        frontend.aggregate(availability.proxy(), availability.discovery());
        registries.ensureKubernetesService(advertiseAddress, frontend.port());
        return new ApiServer() {
            @Override
            public int port() {
                return frontend.port();
            }

            @Override
            public void close() {
                availability.close();
                customResources.close();
                frontend.close();
                audit.close();
                if (authorization != null) {
                    authorization.close();
                }
                registries.stopWatchCaches();
                registries.stopRepairs();
            }
        };
    }
}
