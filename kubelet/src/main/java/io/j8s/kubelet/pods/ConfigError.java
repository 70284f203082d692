package io.j8s.kubelet.pods;

/** A container that cannot be configured (a missing configMap, say): CreateContainerConfigError. */
final class ConfigError extends Exception {
    ConfigError(String message) {
        super(message);
    }
}
