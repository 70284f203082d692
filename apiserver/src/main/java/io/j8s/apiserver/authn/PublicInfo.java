package io.j8s.apiserver.authn;

import java.util.List;

/**
 * The health and version endpoints ({@code /healthz}, {@code /livez}, {@code /readyz},
 * {@code /version} and what lies below them): what upstream's {@code system:public-info-viewer}
 * role lets everybody read, and where j8s accepts requests without credentials even when
 * {@code --anonymous-auth} is off (as upstream's anonymous authenticator limited to these paths).
 */
public final class PublicInfo {
    static final List<String> PATHS = List.of("/healthz", "/livez", "/readyz", "/version");

    private PublicInfo() {}

    public static boolean covers(String path) {
        return PATHS.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
    }
}
