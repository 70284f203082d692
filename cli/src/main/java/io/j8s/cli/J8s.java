package io.j8s.cli;

import io.j8s.api.J8sVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code j8s}: the one runnable of j8s. */
@Command(name = "j8s",
        mixinStandardHelpOptions = true,
        versionProvider = J8s.Version.class,
        description = "Kubernetes, written in Java.",
        footer = {"", "Benchmarks are not in this jar: in a source checkout, './j8s bench SUITE'"
                + " runs them from bench/target/j8s-bench.jar."},
        subcommands = {ServerCommand.class, AgentCommand.class, KubectlCommand.class,
                ExplainCommand.class})
public final class J8s implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with j8s's error handling: one clear line and exit code 1, no stack trace. */
    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new J8s());
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("j8s: " + e.getMessage() + " (see '"
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 1;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("j8s: " + message(e));
            return 1;
        });
        return cl;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"j8s version " + J8sVersion.version()
                    + " (Kubernetes " + J8sVersion.kubernetesVersion() + ")",
                    "java " + Runtime.version() + " " + System.getProperty("java.vendor", "")};
        }
    }
}
