package io.j8s.cli;

import io.j8s.apiserver.authn.Authenticator;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The server's front-proxy (upstream's {@code --requestheader-*}) and OIDC ({@code --oidc-*})
 * authentication flags, named and defaulted as upstream's.
 */
final class AuthenticationOptions {
    @Option(names = "--requestheader-client-ca-file", paramLabel = "FILE",
            description = "CA of the front proxy's client certificates; a request with such a"
                    + " certificate is the user its --requestheader-username-headers name.")
    Path requestHeaderClientCaFile;

    @Option(names = "--requestheader-allowed-names", paramLabel = "CN", split = ",",
            description = "Client certificate common names allowed to name the user in headers"
                    + " (default: any signed by --requestheader-client-ca-file).")
    List<String> requestHeaderAllowedNames = new ArrayList<>();

    @Option(names = "--requestheader-username-headers", paramLabel = "HEADER", split = ",",
            description = "Headers holding the user name, first non-empty wins. Default: X-Remote-User.")
    List<String> requestHeaderUsernameHeaders = new ArrayList<>(List.of("X-Remote-User"));

    @Option(names = "--requestheader-uid-headers", paramLabel = "HEADER", split = ",",
            description = "Headers holding the user's uid, first non-empty wins (none by default;"
                    + " kubeadm sets X-Remote-Uid).")
    List<String> requestHeaderUidHeaders = new ArrayList<>();

    @Option(names = "--requestheader-group-headers", paramLabel = "HEADER", split = ",",
            description = "Headers holding the groups. Default: X-Remote-Group.")
    List<String> requestHeaderGroupHeaders = new ArrayList<>(List.of("X-Remote-Group"));

    @Option(names = "--requestheader-extra-headers-prefix", paramLabel = "PREFIX", split = ",",
            description = "Header prefixes of the user's extra. Default: X-Remote-Extra-.")
    List<String> requestHeaderExtraHeadersPrefix = new ArrayList<>(List.of("X-Remote-Extra-"));

    @Option(names = "--oidc-issuer-url", paramLabel = "URL",
            description = "HTTPS URL of an OpenID Connect issuer whose ID tokens are accepted.")
    String oidcIssuerUrl;

    @Option(names = "--oidc-client-id", paramLabel = "ID",
            description = "The client id every OIDC token must be for (aud); needed with --oidc-issuer-url.")
    String oidcClientId;

    @Option(names = "--oidc-username-claim", paramLabel = "CLAIM", defaultValue = "sub",
            description = "The claim that names the user. Default: ${DEFAULT-VALUE}.")
    String oidcUsernameClaim;

    @Option(names = "--oidc-username-prefix", paramLabel = "PREFIX",
            description = "Prefix of OIDC user names; '-' for none. Default: the issuer URL and"
                    + " '#', unless the username claim is email.")
    String oidcUsernamePrefix;

    @Option(names = "--oidc-groups-claim", paramLabel = "CLAIM",
            description = "The claim that lists the user's groups (a string or an array).")
    String oidcGroupsClaim;

    @Option(names = "--oidc-groups-prefix", paramLabel = "PREFIX",
            description = "Prefix of OIDC group names.")
    String oidcGroupsPrefix;

    @Option(names = "--oidc-ca-file", paramLabel = "FILE",
            description = "CA of the issuer's serving certificate (default: the JDK's CAs).")
    Path oidcCaFile;

    @Option(names = "--oidc-required-claim", paramLabel = "KEY=VALUE",
            description = "A claim every OIDC token must hold with that value; repeatable.")
    Map<String, String> oidcRequiredClaims = new LinkedHashMap<>();

    /** Checks the flags before the server starts; a message naming the flag otherwise. */
    void check() {
        if ((oidcIssuerUrl == null) != (oidcClientId == null)) {
            throw new IllegalArgumentException("--oidc-issuer-url and --oidc-client-id go together");
        }
        if (oidcIssuerUrl != null && !oidcIssuerUrl.startsWith("https://")) {
            throw new IllegalArgumentException("--oidc-issuer-url must be an https:// URL, not "
                    + oidcIssuerUrl);
        }
    }

    /** The request-header CA, if one was given: the TLS handshake must accept its certificates too. */
    Path requestHeaderCa() {
        return requestHeaderClientCaFile;
    }

    /** The request-header authenticator (first in the union, as upstream), if configured. */
    List<Authenticator> first() {
        List<Authenticator> all = new ArrayList<>();
        if (requestHeaderClientCaFile != null) {
            for (X509Certificate ca : ClientCaFile.read(requestHeaderClientCaFile)) {
                all.add(Authenticator.requestHeader(ca, requestHeaderAllowedNames,
                        requestHeaderUsernameHeaders, requestHeaderUidHeaders, requestHeaderGroupHeaders,
                        requestHeaderExtraHeadersPrefix));
            }
        }
        return all;
    }

    /** The OIDC authenticator, if configured. */
    List<Authenticator> tokens() {
        if (oidcIssuerUrl == null) {
            return List.of();
        }
        return List.of(Authenticator.oidc(oidcIssuerUrl, oidcClientId, oidcUsernameClaim,
                oidcUsernamePrefix, oidcGroupsClaim, oidcGroupsPrefix, oidcRequiredClaims,
                oidcCaFile));
    }
}
