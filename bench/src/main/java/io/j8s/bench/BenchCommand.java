package io.j8s.bench;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code j8s bench SUITE}: runs one benchmark suite and prints its results table. The main class
 * of {@code bench/target/j8s-bench.jar}, which the {@code j8s} launcher runs for
 * {@code j8s bench}: the server jar carries neither the benchmarks nor the test kit.
 */
@Command(name = "j8s bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark suite and print its results as a Markdown table.",
        subcommands = {StoreBench.class, ApiBench.class, PodsBench.class,
                SchedulerBench.class, ControllersBench.class, NetworkBench.class, DnsBench.class,
                CrdBench.class, io.j8s.bench.webhook.WebhookBench.class, AuthzBench.class,
                TokensBench.class})
public final class BenchCommand implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with j8s's error handling: one clear line, exit code 1, no stack trace. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("j8s: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 1;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            String m = e.getMessage();
            commandLine.getErr().println("j8s: "
                    + (m == null || m.isBlank() ? e.getClass().getSimpleName() : m));
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
