package io.j8s.cli;

import java.io.File;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code j8s kubectl ARGS}: the installed kubectl, pointed at this cluster's admin kubeconfig, as
 * {@code k3s kubectl} does. Which kubeconfig: kubectl's own {@code --kubeconfig} if given; else
 * {@code <data-dir>/kubeconfig.yaml} if {@code --data-dir} is given; else {@code $KUBECONFIG} if
 * set; else the default data directory's kubeconfig.
 */
@Command(name = "kubectl", modelTransformer = KubectlCommand.PassThrough.class,
        description = {"Run kubectl against this j8s cluster.",
                "Everything after the j8s options goes to kubectl unchanged: j8s kubectl get pods -o yaml"})
final class KubectlCommand implements Callable<Integer> {
    static final List<Path> WELL_KNOWN = List.of(
            Path.of("/usr/bin/kubectl"), Path.of("/usr/lib/google-cloud-sdk/bin/kubectl"));

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the j8s server whose kubeconfig to use (default:"
                    + " /var/lib/j8s as root, ~/.j8s otherwise). Goes before the kubectl arguments.")
    Path dataDir;

    @Parameters(paramLabel = "KUBECTL-ARGS", description = "Arguments for kubectl.")
    List<String> kubectlArgs = new ArrayList<>();

    /** Where kubectl's standard output goes; tests capture it. */
    Redirect output = Redirect.INHERIT;

    /** The environment PATH and KUBECONFIG are read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    /** The first unknown option or positional argument ends j8s's options; the rest is kubectl's. */
    static final class PassThrough implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true).unmatchedOptionsArePositionalParams(true);
            return spec;
        }
    }

    @Override
    public Integer call() throws Exception {
        Path kubectl = find(environment.get("PATH"), WELL_KNOWN).orElseThrow(() ->
                new IllegalStateException("kubectl not found on PATH nor at " + WELL_KNOWN
                        + ": install kubectl first"));
        List<String> command = new ArrayList<>();
        command.add(kubectl.toString());
        command.addAll(kubectlArgs);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().redirectOutput(output);
        kubeconfig().ifPresent(file -> builder.environment().put("KUBECONFIG", file.toString()));

        // Ctrl-C reaches kubectl too (same process group): wait for it to finish and report its
        // exit code instead of dying first. A handler, unlike SIG_IGN, is not inherited by kubectl.
        SignalHandler previous = Signal.handle(new Signal("INT"), signal -> { });
        try {
            return builder.start().waitFor();
        } finally {
            Signal.handle(new Signal("INT"), previous);
        }
    }

    /** The kubeconfig to put in KUBECONFIG, or empty to leave kubectl's own choice alone. */
    private Optional<Path> kubeconfig() {
        for (String arg : kubectlArgs) {
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("--kubeconfig") || arg.startsWith("--kubeconfig=")) {
                return Optional.empty();
            }
        }
        String fromEnvironment = environment.get("KUBECONFIG");
        if (dataDir == null && fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Optional.empty();
        }
        Path file = DataDir.kubeconfig(dataDir != null ? dataDir : DataDir.defaultPath());
        if (!Files.exists(file)) {
            throw new IllegalStateException("no kubeconfig at " + file
                    + ": start the server first with ./j8s server");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("cannot read " + file
                    + ": run j8s kubectl as the user that started the server");
        }
        return Optional.of(file);
    }

    /** The first executable kubectl on {@code path}, then at the well-known places. */
    static Optional<Path> find(String path, List<Path> wellKnown) {
        List<Path> candidates = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, "kubectl"));
                }
            }
        }
        candidates.addAll(wellKnown);
        return candidates.stream()
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst();
    }
}
