package io.j8s.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.j8s.kubelet.runtime.ContainerConfig.Resources;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Resources as the node applies them: a pod's QoS class (upstream's rules), its cgroup parent under
 * {@code /kubepods} (cgroupfs), and a container's CPU shares, CFS quota and memory limit.
 */
final class PodResources {
    static final long CPU_PERIOD = 100_000;
    private static final long MIN_SHARES = 2;
    private static final long MIN_QUOTA = 1_000;

    private PodResources() {}

    static String qosClass(Pod pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (Container c : PodSpecs.allContainers(pod)) {
            Map<String, Quantity> requests = requests(c);
            Map<String, Quantity> limits = limits(c);
            for (String r : List.of("cpu", "memory")) {
                Quantity req = requests.get(r);
                Quantity lim = limits.get(r);
                if (nonZero(req) || nonZero(lim)) {
                    any = true;
                }
                if (!nonZero(lim)) {
                    guaranteed = false;
                } else if (req != null && amount(req).compareTo(amount(lim)) != 0) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    static String cgroupParent(Pod pod) {
        String uid = pod.getMetadata().getUid();
        return switch (qosClass(pod)) {
            case "Guaranteed" -> "/kubepods/pod" + uid;
            case "Burstable" -> "/kubepods/burstable/pod" + uid;
            default -> "/kubepods/besteffort/pod" + uid;
        };
    }

    static Resources of(Container c) {
        Quantity cpuRequest = requests(c).get("cpu");
        Quantity cpuLimit = limits(c).get("cpu");
        Quantity memoryLimit = limits(c).get("memory");
        if (cpuRequest == null) {
            cpuRequest = cpuLimit;
        }
        long shares = MIN_SHARES;
        if (cpuRequest != null) {
            shares = Math.max(MIN_SHARES, milliCpu(cpuRequest) * 1024 / 1000);
        }
        long quota = 0;
        if (cpuLimit != null && milliCpu(cpuLimit) > 0) {
            quota = Math.max(MIN_QUOTA, milliCpu(cpuLimit) * CPU_PERIOD / 1000);
        }
        long memory = memoryLimit == null ? 0 : amount(memoryLimit).longValue();
        return new Resources(shares, quota, CPU_PERIOD, memory);
    }

    static long milliCpu(Quantity q) {
        return amount(q).multiply(BigDecimal.valueOf(1000))
                .setScale(0, java.math.RoundingMode.CEILING).longValue();
    }

    private static BigDecimal amount(Quantity q) {
        return Quantity.getAmountInBytes(q);
    }

    private static boolean nonZero(Quantity q) {
        return q != null && amount(q).signum() > 0;
    }

    private static Map<String, Quantity> requests(Container c) {
        return c.getResources() == null || c.getResources().getRequests() == null ? Map.of()
                : c.getResources().getRequests();
    }

    private static Map<String, Quantity> limits(Container c) {
        return c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                : c.getResources().getLimits();
    }
}
