package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.j8s.kubelet.runtime.ContainerRuntime;
import io.j8s.kubelet.runtime.Image;
import io.j8s.kubelet.runtime.RuntimeCallException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes a container's image present per its {@code imagePullPolicy} (default Always for
 * {@code :latest} or no tag, else IfNotPresent), with upstream's events and waiting reasons:
 * ErrImageNeverPull, ErrImagePull, then ImagePullBackOff while the back-off (10 s doubling to
 * 5 min) lasts.
 */
final class ImagePuller {
    private final ContainerRuntime runtime;
    private final BackOff backOff;
    private final PodEvents events;
    private final Clock clock;

    ImagePuller(ContainerRuntime runtime, BackOff backOff, PodEvents events, Clock clock) {
        this.runtime = runtime;
        this.backOff = backOff;
        this.events = events;
        this.clock = clock;
    }

    /** Null when the image is there; else why the container waits. */
    PodState.Waiting ensure(Pod pod, Container c, PodState state) {
        String image = c.getImage();
        String fieldPath = PodEvents.fieldPath(pod, c.getName());
        String policy = c.getImagePullPolicy();
        if (policy == null || policy.isEmpty()) {
            policy = latest(image) ? "Always" : "IfNotPresent";
        }
        Optional<Image> present = runtime.image(image);
        if (policy.equals("Never")) {
            if (present.isPresent()) {
                return null;
            }
            String message = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.warning(pod, fieldPath, "ErrImageNeverPull", message);
            return new PodState.Waiting("ErrImageNeverPull", message);
        }
        if (policy.equals("IfNotPresent") && present.isPresent()) {
            events.normal(pod, fieldPath, "Pulled", "Container image \"" + image
                    + "\" already present on machine");
            return null;
        }
        String key = pod.getMetadata().getUid() + "/image/" + image;
        if (backOff.inBackOffSinceUpdate(key)) {
            String message = "Back-off pulling image \"" + image + "\"";
            events.normal(pod, fieldPath, "BackOff", message);
            state.wakeAt(clock.instant().plus(backOff.get(key)));
            return new PodState.Waiting("ImagePullBackOff", message);
        }
        events.normal(pod, fieldPath, "Pulling", "Pulling image \"" + image + "\"");
        Instant start = clock.instant();
        try {
            Image pulled = runtime.pullImage(image);
            String took = seconds(Duration.between(start, clock.instant()));
            events.normal(pod, fieldPath, "Pulled", "Successfully pulled image \"" + image
                    + "\" in " + took + " (" + took + " including waiting). Image size: "
                    + pulled.size() + " bytes.");
            return null;
        } catch (RuntimeCallException e) {
            if (e.kind() == RuntimeCallException.Kind.UNAVAILABLE) {
                throw e;
            }
            backOff.next(key, clock.instant());
            // sync again at once: the container then shows ImagePullBackOff while it lasts
            state.wakeAt(clock.instant());
            events.warning(pod, fieldPath, "Failed", "Failed to pull image \"" + image + "\": "
                    + e.getMessage());
            events.warning(pod, fieldPath, "Failed", "Error: ErrImagePull");
            return new PodState.Waiting("ErrImagePull", e.getMessage());
        }
    }

    static boolean latest(String image) {
        String ref = image.contains("@") ? null : image.substring(image.lastIndexOf('/') + 1);
        if (ref == null) {
            return false;
        }
        int colon = ref.indexOf(':');
        return colon < 0 || ref.substring(colon + 1).equals("latest");
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + "ms" : String.format(java.util.Locale.ROOT, "%.3fs", ms / 1000.0);
    }
}
