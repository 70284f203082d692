package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Config maps, secrets, service accounts and resource quotas. */
final class ConfigPrinters {
    private ConfigPrinters() {}

    static Printer<ConfigMap> configMap() {
        return Printer.of(ConfigMap.class).name()
                .column("Data", "string", "Data contains the configuration data.",
                        c -> CellText.size(c.getData()) + CellText.size(c.getBinaryData()))
                .age()
                .build();
    }

    static Printer<Secret> secret() {
        return Printer.of(Secret.class).name()
                .column("Type", "string", "Used to facilitate programmatic handling of secret data.",
                        s -> CellText.orEmpty(s.getType()))
                .column("Data", "string", "Data contains the secret data.",
                        s -> CellText.size(s.getData()))
                .age()
                .build();
    }

    static Printer<ServiceAccount> serviceAccount() {
        return Printer.of(ServiceAccount.class).name()
                .column("Secrets", "string", "Secrets is a list of the secrets in the same namespace "
                        + "that pods running using this ServiceAccount are allowed to use.",
                        s -> CellText.size(s.getSecrets()))
                .age()
                .build();
    }

    static Printer<ResourceQuota> resourceQuota() {
        return Printer.of(ResourceQuota.class).name()
                .column("Request", "string", "Request represents a minimum amount of cpu/memory that "
                        + "a container may consume.", q -> usage(q, false))
                .column("Limit", "string", "Limits control the maximum amount of cpu/memory that a "
                        + "container may use independent of contention on the node.", q -> usage(q, true))
                .age()
                .build();
    }

    /**
     * {@code pods: 1/10, requests.cpu: 500m/2}, sorted by resource name: the {@code limits.*}
     * resources in the LIMIT column, every other one in REQUEST.
     */
    private static String usage(ResourceQuota q, boolean limits) {
        if (q.getStatus() == null || q.getStatus().getHard() == null) {
            return "";
        }
        Map<String, Quantity> used = q.getStatus().getUsed() == null ? Map.of() : q.getStatus().getUsed();
        List<String> parts = new ArrayList<>();
        new TreeMap<>(q.getStatus().getHard()).forEach((resource, hard) -> {
            String[] pieces = resource.split("\\.", -1);
            boolean isLimit = pieces.length > 1 && pieces[0].equals("limits");
            if (isLimit == limits) {
                parts.add(resource + ": " + CellText.quantity(used.get(resource)) + "/"
                        + CellText.quantity(hard));
            }
        });
        return String.join(", ", parts);
    }
}
