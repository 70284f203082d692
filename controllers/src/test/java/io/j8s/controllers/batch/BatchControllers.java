package io.j8s.controllers.batch;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.componentbase.events.EventRecorder;
import io.j8s.componentbase.informers.SharedInformers;
import io.j8s.controllers.Controller;
import io.j8s.controllers.ControllerContext;
import io.j8s.testcluster.TestCluster;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Batch controllers over a test cluster with the controller manager's identity and a fake
 * clock: what {@code ControllerManager} does, minus the registry, so a test picks the
 * controllers and holds them to call their sync.
 */
public final class BatchControllers implements AutoCloseable {
    private final KubernetesClient client;
    private final SharedInformers informers;
    private final Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();
    private final List<Controller> controllers = new ArrayList<>();
    public final TestClock clock;
    public final ControllerContext context;

    public BatchControllers(TestCluster cluster, TestClock clock) {
        this.client = cluster.client(TestCluster.CONTROLLER_MANAGER);
        this.clock = clock;
        this.informers = new SharedInformers(client);
        this.context = new ControllerContext(client, informers, clock,
                c -> recorders.computeIfAbsent(c, n -> EventRecorder.start(client, n, null, clock)));
    }

    public <C extends Controller> C add(Function<ControllerContext, C> factory) {
        C c = factory.apply(context);
        controllers.add(c);
        return c;
    }

    /** Lists and watches, then starts the controllers' workers unless {@code workers} is false. */
    public BatchControllers start(boolean workers) {
        informers.start(Duration.ofSeconds(30));
        if (workers) {
            controllers.forEach(Controller::start);
        }
        return this;
    }

    /** Events about an object of that name in {@code namespace}, as "Reason: message". */
    public static List<String> events(KubernetesClient admin, String namespace, String name) {
        return admin.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map((Event e) -> e.getReason() + ": " + e.getMessage()).toList();
    }

    @Override
    public void close() {
        controllers.forEach(Controller::close);
        recorders.values().forEach(EventRecorder::close);
        informers.close();
        client.close();
    }
}
