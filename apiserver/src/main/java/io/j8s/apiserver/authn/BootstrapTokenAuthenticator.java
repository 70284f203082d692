package io.j8s.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.j8s.store.KeyValue;
import io.j8s.store.StoreReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Upstream's bootstrap token authenticator: a bearer token {@code <id>.<secret>} (6 and 16
 * characters of {@code [a-z0-9]}) is user {@code system:bootstrap:<id>} in
 * {@code system:bootstrappers} and the Secret's {@code auth-extra-groups}, when the Secret
 * {@code kube-system/bootstrap-token-<id>} of type {@code bootstrap.kubernetes.io/token} holds
 * that secret, allows authentication and has not expired. The Secret is read from the store on
 * every request: a token deleted or expired stops working at once.
 */
final class BootstrapTokenAuthenticator implements Authenticator {
    private static final Logger LOG = Logger.getLogger("io.j8s.apiserver.authn");
    static final Pattern TOKEN = Pattern.compile("^([a-z0-9]{6})\\.([a-z0-9]{16})$");
    private static final Pattern EXTRA_GROUP =
            Pattern.compile("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$");
    static final String TYPE = "bootstrap.kubernetes.io/token";
    static final String GROUP = "system:bootstrappers";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StoreReader store;
    private final Clock clock;

    BootstrapTokenAuthenticator(StoreReader store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Optional<UserInfo> authenticate(RequestCredentials credentials) {
        Optional<String> token = credentials.bearerToken();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        var m = TOKEN.matcher(token.get());
        if (!m.matches()) {
            return Optional.empty();
        }
        String id = m.group(1);
        String secretName = "bootstrap-token-" + id;
        Optional<KeyValue> kv = store.get("/registry/secrets/kube-system/" + secretName);
        if (kv.isEmpty()) {
            LOG.fine("bootstrap secret kube-system/" + secretName + " not found");
            return Optional.empty();
        }
        JsonNode secret;
        try {
            secret = JSON.readTree(kv.get().value());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!secret.path("metadata").path("deletionTimestamp").asText("").isEmpty()
                || !TYPE.equals(secret.path("type").asText(""))) {
            return Optional.empty();
        }
        JsonNode data = secret.path("data");
        String storedSecret = field(data, "token-secret");
        if (!MessageDigest.isEqual(storedSecret.getBytes(StandardCharsets.UTF_8),
                m.group(2).getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        if (!id.equals(field(data, "token-id"))) {
            return Optional.empty();
        }
        String expiration = field(data, "expiration");
        if (!expiration.isEmpty()) {
            try {
                if (!clock.instant().isBefore(Instant.parse(expiration))) {
                    LOG.fine("bootstrap token " + id + " expired at " + expiration);
                    return Optional.empty();
                }
            } catch (DateTimeParseException e) {
                return Optional.empty(); // an unreadable expiration counts as expired, as upstream
            }
        }
        if (!"true".equals(field(data, "usage-bootstrap-authentication"))) {
            return Optional.empty();
        }
        List<String> groups = new ArrayList<>(List.of(GROUP));
        for (String g : field(data, "auth-extra-groups").split(",")) {
            String group = g.strip();
            if (group.isEmpty()) {
                continue;
            }
            if (!EXTRA_GROUP.matcher(group).matches()) {
                return Optional.empty();
            }
            if (!groups.contains(group)) {
                groups.add(group);
            }
        }
        return Optional.of(UserInfo.authenticated("system:bootstrap:" + id, "", groups));
    }

    private static String field(JsonNode data, String key) {
        String encoded = data.path(key).asText("");
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
