package io.j8s.apiserver.http;

import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.apiserver.endpoints.ApiHandler;
import io.j8s.apiserver.endpoints.RequestInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The API server's Prometheus metrics, named and labelled as upstream's:
 * {@code apiserver_request_total{verb,group,version,resource,subresource,scope,component,code}}
 * and {@code apiserver_request_duration_seconds} as a histogram. Labels take only values the
 * server knows (the catalogue's resources and subresources, upstream's verbs); anything else is
 * {@code unknown}, so requests for made-up paths cannot grow the registry. Served at
 * {@code /metrics} to whoever may read it.
 */
final class ApiMetrics {
    static final String UNKNOWN = "unknown";
    private static final Set<String> VERBS = Set.of("APPLY", "CONNECT", "DELETE", "GET", "LIST",
            "PATCH", "POST", "PUT", "WATCH");

    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ResourceCatalogue catalogue;

    ApiMetrics(ResourceCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** Records one request; a watch counts when it starts, with its set-up time. */
    void record(RequestInfo info, String method, String contentType, int code, long nanos) {
        Tags tags = tags(info, method, contentType);
        Counter.builder("apiserver.request").tags(tags).tag("code", code(code))
                .register(registry).increment();
        Timer.builder("apiserver.request.duration").tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    private Tags tags(RequestInfo info, String method, String contentType) {
        String verb = verb(info, method, contentType);
        if (!info.resourceRequest()) {
            return Tags.of("verb", verb, "group", "", "version", "", "resource", "",
                    "subresource", "", "scope", "", "component", "apiserver");
        }
        Optional<ResourceType> type = info.resource().isEmpty() ? Optional.empty()
                : catalogue.find(info.apiGroup(), info.apiVersion(), info.resource());
        if (type.isEmpty()) {
            return Tags.of("verb", verb, "group", UNKNOWN, "version", UNKNOWN,
                    "resource", UNKNOWN, "subresource", info.subresource().isEmpty() ? ""
                            : UNKNOWN, "scope", UNKNOWN, "component", "apiserver");
        }
        String sub = info.subresource();
        String subresource = sub.isEmpty() || type.get().subresources().contains(sub) ? sub
                : UNKNOWN;
        String scope = !info.pathName().isEmpty() ? "resource"
                : info.namespacePrefix() ? "namespace" : "cluster";
        return Tags.of("verb", verb, "group", info.apiGroup(), "version", info.apiVersion(),
                "resource", info.resource(), "subresource", subresource, "scope", scope,
                "component", "apiserver");
    }

    /**
     * Upstream's verb label: the HTTP method, except LIST for a collection GET, WATCH for a
     * watch and APPLY for a server-side apply; {@code unknown} for any other method.
     */
    static String verb(RequestInfo info, String method, String contentType) {
        if (info.verb().equals("watch")) {
            return "WATCH";
        }
        String m = method.toUpperCase(Locale.ROOT);
        if (m.equals("HEAD")) {
            m = "GET";
        }
        if (m.equals("GET") && info.verb().equals("list")) {
            return "LIST";
        }
        if (m.equals("PATCH") && contentType != null
                && contentType.startsWith(ApiHandler.APPLY)) {
            return "APPLY";
        }
        return VERBS.contains(m) ? m : UNKNOWN;
    }

    private static String code(int code) {
        return code >= 100 && code < 600 ? Integer.toString(code) : UNKNOWN;
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
    }
}
