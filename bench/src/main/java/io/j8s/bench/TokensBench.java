package io.j8s.bench;

import io.j8s.bench.authz.TokenLoad;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code j8s bench tokens}: TokenRequest latency and the authentication of a cached service
 * account token against their targets, and the summary line
 * {@code tokens tokenrequest-p99-ms=<n> sa-auth-cached-ms=<n>}.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Measure TokenRequest (p99, target < 5 ms) and the authentication of a"
                + " cached service account token (target < 0.2 ms) on an in-process API server.")
public final class TokensBench implements Callable<Integer> {
    @Option(names = "--requests", paramLabel = "N", defaultValue = "2000",
            description = "TokenRequests measured. Default: ${DEFAULT-VALUE}.")
    int requests;

    @Option(names = "--authentications", paramLabel = "N", defaultValue = "100000",
            description = "Authentications of the cached token measured. Default: ${DEFAULT-VALUE}.")
    int authentications;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TokenLoad.Figures f = TokenLoad.measure(requests, authentications);
        out.println("| measure | n | p50 ms | p99 ms | mean ms | target |");
        out.println("|---|---|---|---|---|---|");
        out.println(String.format(Locale.ROOT, "| TokenRequest (pod-bound, HTTP) | %d | %.2f | %.2f | | p99 < 5 ms |",
                f.tokenRequests(), f.tokenRequestP50Ms(), f.tokenRequestP99Ms()));
        out.println(String.format(Locale.ROOT, "| GET serviceaccount, in turn with each (baseline) | %d | %.2f | %.2f | | |",
                f.tokenRequests(), f.getP50Ms(), f.getP99Ms()));
        out.println(String.format(Locale.ROOT, "| SA token authentication, cached | %d | | %.4f | %.4f | < 0.2 ms |",
                f.authentications(), f.saAuthCachedP99Ms(), f.saAuthCachedMeanMs()));
        out.println("tokens " + f.summary());
        out.flush();
        return f.tokenRequestP99Ms() < 5 && f.saAuthCachedMeanMs() < 0.2 ? 0 : 1;
    }
}
