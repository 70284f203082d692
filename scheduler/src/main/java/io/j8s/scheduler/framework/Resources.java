package io.j8s.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An amount of node resources as the scheduler counts them (upstream's {@code framework.Resource}):
 * CPU in millicores, memory and ephemeral storage in bytes, a pod count, and scalar (extended)
 * resources such as {@code example.com/gpu} or {@code hugepages-2Mi} by name. Mutable; each
 * NodeInfo owns its own.
 */
public final class Resources {
    /** Upstream's non-zero defaults for a container that requests nothing (scoring only). */
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    public long milliCpu;
    public long memory;
    public long ephemeralStorage;
    public long pods;
    public final Map<String, Long> scalar = new HashMap<>();

    public Resources() {}

    /** From a {@code resources}-style map (node allocatable, container requests). */
    public static Resources of(Map<String, Quantity> list) {
        Resources r = new Resources();
        if (list == null) {
            return r;
        }
        list.forEach((name, q) -> r.set(name, q));
        return r;
    }

    private void set(String name, Quantity q) {
        BigDecimal v = Quantities.value(q);
        switch (name) {
            case "cpu" -> milliCpu = v.movePointRight(3).setScale(0, RoundingMode.CEILING).longValue();
            case "memory" -> memory = v.setScale(0, RoundingMode.CEILING).longValue();
            case "ephemeral-storage" -> ephemeralStorage = v.setScale(0, RoundingMode.CEILING).longValue();
            case "pods" -> pods = v.longValue();
            default -> scalar.put(name, v.setScale(0, RoundingMode.CEILING).longValue());
        }
    }

    /**
     * What a pod requests: the larger of the sum of its containers (plus restartable init
     * containers, the sidecars) and each init container's peak, plus {@code spec.overhead}.
     * {@code nonZero} counts a container that asks for no CPU or memory as the defaults above.
     * A container with limits and no requests counts its limits, as API defaulting would.
     */
    public static Resources podRequests(Pod pod, boolean nonZero) {
        Resources sum = new Resources();
        if (pod.getSpec() == null) {
            return sum;
        }
        for (Container c : nullToEmpty(pod.getSpec().getContainers())) {
            sum.add(container(c, nonZero));
        }
        Resources sidecars = new Resources();
        Resources initPeak = new Resources();
        for (Container c : nullToEmpty(pod.getSpec().getInitContainers())) {
            Resources r = container(c, nonZero);
            if ("Always".equals(c.getRestartPolicy())) {
                sidecars.add(r);
                sum.add(r);
            } else {
                Resources peak = r.copy();
                peak.add(sidecars);
                initPeak.max(peak);
            }
        }
        sum.max(initPeak);
        if (pod.getSpec().getOverhead() != null) {
            sum.add(of(pod.getSpec().getOverhead()));
        }
        return sum;
    }

    private static Resources container(Container c, boolean nonZero) {
        Map<String, Quantity> requests = new HashMap<>();
        if (c.getResources() != null) {
            if (c.getResources().getLimits() != null) {
                requests.putAll(c.getResources().getLimits());
            }
            if (c.getResources().getRequests() != null) {
                requests.putAll(c.getResources().getRequests());
            }
        }
        Resources r = of(requests);
        if (nonZero) {
            if (!requests.containsKey("cpu")) {
                r.milliCpu = DEFAULT_MILLI_CPU;
            }
            if (!requests.containsKey("memory")) {
                r.memory = DEFAULT_MEMORY;
            }
        }
        return r;
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    public void add(Resources other) {
        milliCpu += other.milliCpu;
        memory += other.memory;
        ephemeralStorage += other.ephemeralStorage;
        pods += other.pods;
        other.scalar.forEach((k, v) -> scalar.merge(k, v, Long::sum));
    }

    public void subtract(Resources other) {
        milliCpu -= other.milliCpu;
        memory -= other.memory;
        ephemeralStorage -= other.ephemeralStorage;
        pods -= other.pods;
        other.scalar.forEach((k, v) -> scalar.merge(k, -v, Long::sum));
    }

    /** Each dimension becomes the larger of this and {@code other}. */
    public void max(Resources other) {
        milliCpu = Math.max(milliCpu, other.milliCpu);
        memory = Math.max(memory, other.memory);
        ephemeralStorage = Math.max(ephemeralStorage, other.ephemeralStorage);
        pods = Math.max(pods, other.pods);
        other.scalar.forEach((k, v) -> scalar.merge(k, v, Math::max));
    }

    public long scalar(String name) {
        return scalar.getOrDefault(name, 0L);
    }

    public Resources copy() {
        Resources r = new Resources();
        r.add(this);
        return r;
    }

    @Override
    public String toString() {
        return "cpu=" + milliCpu + "m memory=" + memory + " ephemeral-storage=" + ephemeralStorage
                + " pods=" + pods + (scalar.isEmpty() ? "" : " " + scalar);
    }
}
