package io.j8s.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code j8s explain pod NAME [-n NS]}: why the scheduler put a pod where it did (the
 * {@code scheduling.j8s.io/decision} annotation its binding carried), or why it could not (the
 * per-node verdicts of its last attempt). Which kubeconfig: {@code --kubeconfig}; else
 * {@code <data-dir>/kubeconfig.yaml} if {@code --data-dir} is given; else {@code $KUBECONFIG};
 * else the default data directory's.
 */
@Command(name = "explain", description = "Explain the scheduler's decision for a pod: j8s explain pod NAME [-n NS]")
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "What to explain: pod.")
    String kind;

    @Parameters(index = "1", paramLabel = "NAME", description = "The pod's name.")
    String name;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS", defaultValue = "default",
            description = "The pod's namespace. Default: ${DEFAULT-VALUE}.")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig to use.")
    Path kubeconfig;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Data directory of the j8s server whose admin kubeconfig to use.")
    Path dataDir;

    /** The environment KUBECONFIG is read from; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        if (!"pod".equals(kind) && !"pods".equals(kind) && !"po".equals(kind)) {
            throw new IllegalArgumentException("explain: only pods can be explained, not \"" + kind + "\"");
        }
        Path file = kubeconfigFile();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(file))).build()) {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                throw new IllegalArgumentException("pods \"" + name + "\" not found in namespace " + namespace);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(DecisionTable.render(pod));
            out.flush();
            return 0;
        }
    }

    private Path kubeconfigFile() {
        if (kubeconfig != null) {
            return kubeconfig;
        }
        String fromEnvironment = environment.get("KUBECONFIG");
        if (dataDir == null && fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return Path.of(fromEnvironment.split(java.io.File.pathSeparator)[0]);
        }
        Path file = DataDir.kubeconfig(dataDir != null ? dataDir : DataDir.defaultPath());
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("no readable kubeconfig at " + file
                    + ": start the server first with ./j8s server, or give --kubeconfig");
        }
        return file;
    }
}
