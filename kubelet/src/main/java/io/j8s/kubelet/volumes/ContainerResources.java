package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A container's resource as a downwardAPI {@code resourceFieldRef} shows it: divided by the
 * divisor and rounded up (CPU in millicores first), an unset limit of cpu, memory or
 * ephemeral-storage being the node's allocatable, as upstream.
 */
final class ContainerResources {
    private static final List<String> DEFAULTED = List.of("cpu", "memory", "ephemeral-storage");

    private ContainerResources() {}

    static String value(String volume, Pod pod, ResourceFieldSelector ref, Map<String, Quantity> allocatable)
            throws VolumeException {
        Container container = container(pod, ref.getContainerName());
        if (container == null) {
            throw new VolumeException(volume, "container " + ref.getContainerName() + " not found");
        }
        String resource = ref.getResource() == null ? "" : ref.getResource();
        int dot = resource.indexOf('.');
        String kind = dot < 0 ? "" : resource.substring(0, dot);
        String name = resource.substring(dot + 1);
        boolean known = DEFAULTED.contains(name) || name.startsWith("hugepages-");
        if (!known || !(kind.equals("limits") || kind.equals("requests"))) {
            throw new VolumeException(volume, "unsupported container resource : " + resource);
        }
        Quantity limit = get(container, "limits", name);
        Quantity quantity;
        if (kind.equals("limits")) {
            quantity = limit == null && DEFAULTED.contains(name) ? allocatable.get(name) : limit;
        } else {
            // The API defaults an unset request to the container's limit.
            Map<String, Quantity> requests = container.getResources() == null ? null
                    : container.getResources().getRequests();
            Quantity request = requests == null ? null : requests.get(name);
            quantity = request != null && request.getAmount() != null ? request : limit;
        }
        BigDecimal amount = quantity == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(quantity);
        Quantity divisorQuantity = ref.getDivisor();
        BigDecimal divisor = divisorQuantity == null || divisorQuantity.getAmount() == null
                || Quantity.getAmountInBytes(divisorQuantity).signum() == 0
                ? BigDecimal.ONE : Quantity.getAmountInBytes(divisorQuantity);
        if (name.equals("cpu")) {
            amount = milli(amount);
            divisor = milli(divisor);
        } else {
            amount = amount.setScale(0, RoundingMode.CEILING);
            divisor = divisor.setScale(0, RoundingMode.CEILING);
        }
        return amount.divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    /** resource.Quantity's MilliValue: thousandths, rounded up. */
    private static BigDecimal milli(BigDecimal value) {
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING);
    }

    private static Quantity get(Container container, String kind, String name) {
        if (container.getResources() == null) {
            return null;
        }
        Map<String, Quantity> list = kind.equals("limits") ? container.getResources().getLimits()
                : container.getResources().getRequests();
        Quantity quantity = list == null ? null : list.get(name);
        if (quantity == null || quantity.getAmount() == null || Quantity.getAmountInBytes(quantity).signum() == 0) {
            return null;
        }
        return quantity;
    }

    private static Container container(Pod pod, String name) {
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of() : pod.getSpec().getInitContainers();
        return Stream.concat(pod.getSpec().getContainers().stream(), inits.stream())
                .filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }
}
