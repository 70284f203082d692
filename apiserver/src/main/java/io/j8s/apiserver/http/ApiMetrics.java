package io.j8s.apiserver.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The API server's Prometheus metrics, named as upstream names them:
 * {@code apiserver_request_total{verb,resource,code}} and
 * {@code apiserver_request_duration_seconds{verb,resource}} as a histogram. Served at
 * {@code /metrics} to whoever may read it.
 */
final class ApiMetrics {
    private final PrometheusMeterRegistry registry =
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Records one request; a watch counts when it starts, with its set-up time. */
    void record(String verb, String resource, int code, long nanos) {
        Counter.builder("apiserver.request")
                .tag("verb", verb.toUpperCase(java.util.Locale.ROOT))
                .tag("resource", resource)
                .tag("code", Integer.toString(code))
                .register(registry)
                .increment();
        Timer.builder("apiserver.request.duration")
                .tag("verb", verb.toUpperCase(java.util.Locale.ROOT))
                .tag("resource", resource)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    /** The Prometheus text exposition of every metric. */
    String scrape() {
        return registry.scrape();
    }
}
