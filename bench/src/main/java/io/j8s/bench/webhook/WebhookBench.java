package io.j8s.bench.webhook;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench webhook}: {@link WebhookOverhead}, a table of create latencies with and without
 * a 1 ms validating webhook, and the summary line {@code webhook-overhead-p99-ms=<n>}.
 */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "Measure what a validating admission webhook answering in 1 ms adds to the"
                + " p99 of a ConfigMap create (target: < 5 ms).")
public final class WebhookBench implements Callable<Integer> {
    @Option(names = "--creates", paramLabel = "N",
            description = "Creates of each kind, with and without the webhook (default: 2000).")
    int creates = 2000;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WebhookOverhead.Figures f = WebhookOverhead.measure(creates, line -> {
            err.println("bench webhook: " + line);
            err.flush();
        });
        out.println("| creates | p50 ms | p99 ms |");
        out.println("|:--|--:|--:|");
        out.println(String.format(Locale.ROOT, "| without webhook | %.2f | %.2f |",
                f.plainP50(), f.plainP99()));
        out.println(String.format(Locale.ROOT, "| with a 1 ms validating webhook | %.2f | %.2f |",
                f.hookedP50(), f.hookedP99()));
        out.println();
        out.println(String.format(Locale.ROOT, "%d creates of each, one client, alternating;"
                + " target: the webhook adds < 5 ms to the p99", f.creates()));
        out.println();
        out.println(f.summary());
        out.flush();
        return f.overheadP99() < 5 ? 0 : 1;
    }
}
