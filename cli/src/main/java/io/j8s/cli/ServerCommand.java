package io.j8s.cli;

import io.j8s.api.J8sVersion;
import io.j8s.store.Store;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code j8s server}: a whole single-node cluster in one process. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the j8s control plane (and, unless disabled, a node agent).")
final class ServerCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");

    /** How the node agent runs pods. */
    enum Runtime { cri, sim }

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where j8s keeps its state (default: /var/lib/j8s as root, ~/.j8s otherwise).")
    Path dataDir;

    @Option(names = "--datastore-endpoint", paramLabel = "URL", defaultValue = "",
            description = "Empty for the embedded SQLite database, or http://host:2379[,http://host2:2379] for etcd.")
    String datastoreEndpoint;

    @Option(names = "--runtime", paramLabel = "cri|sim", defaultValue = "cri",
            description = "Container runtime of the agent: cri (containerd) or sim (no containers). Default: ${DEFAULT-VALUE}.")
    Runtime runtime;

    @Option(names = "--disable-agent", description = "Run only the control plane, no node agent.")
    boolean disableAgent;

    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Name of this node (default: the host name).")
    String nodeName;

    @Option(names = "--https-listen-port", paramLabel = "PORT", defaultValue = "6443",
            description = "Port of the API server. Default: ${DEFAULT-VALUE}.")
    int httpsListenPort;

    @Override
    public Integer call() throws Exception {
        Logs.toStderr();
        Path dir = dataDir != null ? dataDir : defaultDataDir();
        prepare(dir);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());

        try (DataDirLock lock = DataDirLock.acquire(dir)) {
            Path logFile = Logs.toFile(dir);
            String node = nodeName != null ? nodeName : hostName();
            LOG.info("j8s " + J8sVersion.version() + " starting: data dir " + dir + ", node " + node
                    + ", runtime " + runtime + (disableAgent ? ", agent disabled" : "")
                    + ", log " + logFile);
            Store store = Store.builder().endpoint(datastoreEndpoint).dataDir(dir).open();
            try {
                LOG.info(String.format(Locale.ROOT,
                        "store ready: %s at revision %d (%d ms after the JVM started)",
                        store.describe(), store.currentRevision(),
                        ManagementFactory.getRuntimeMXBean().getUptime()));
                LOG.info("j8s server running; stop it with Ctrl-C or SIGTERM");
                stop.await();
                LOG.info("stopping");
            } finally {
                store.close();
            }
            LOG.info("store closed; j8s server stopped");
        }
        return 0;
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
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "localhost";
        }
    }
}
