package io.j8s.cli;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.j8s.kubelet.bootstrap.JoinToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The join token agents use, {@code DATA_DIR/server/node-token} (0600), as k3s keeps it: written
 * when missing (or when it names another CA), and backed by the upstream bootstrap token Secret
 * {@code kube-system/bootstrap-token-<id>}, created through the API when missing.
 */
final class NodeToken {
    private static final Logger LOG = Logger.getLogger("io.j8s.server");
    static final String EXTRA_GROUP = "system:bootstrappers:j8s:default-node-token";

    private NodeToken() {}

    /** Makes sure the file and its Secret exist; the token. */
    static JoinToken ensure(Path dataDir, X509Certificate ca, KubernetesClient client) {
        Path file = dataDir.resolve("server/node-token");
        JoinToken token = read(file);
        String hash = JoinToken.caHash(ca);
        if (token == null) {
            token = JoinToken.generate(ca);
            write(file, token);
            LOG.info("join token for agents written to " + file);
        } else if (!token.caHash().equals(hash)) {
            token = new JoinToken(hash, token.id(), token.secret());
            write(file, token);
            LOG.info("the join token in " + file + " named another CA: rewritten for this one");
        }
        ensureSecret(client, token);
        return token;
    }

    private static JoinToken read(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return JoinToken.parse(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warning("cannot use the join token in " + file + " (" + e.getMessage()
                    + "): writing a new one");
            return null;
        }
    }

    private static void write(Path file, JoinToken token) {
        try {
            Path tmp = file.resolveSibling("node-token.tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void ensureSecret(KubernetesClient client, JoinToken token) {
        String name = "bootstrap-token-" + token.id();
        Secret existing = client.secrets().inNamespace("kube-system").withName(name).get();
        Map<String, String> data = new LinkedHashMap<>();
        data.put("description", b64("The j8s join token of DATA_DIR/server/node-token."));
        data.put("token-id", b64(token.id()));
        data.put("token-secret", b64(token.secret()));
        data.put("usage-bootstrap-authentication", b64("true"));
        data.put("usage-bootstrap-signing", b64("true"));
        data.put("auth-extra-groups", b64(EXTRA_GROUP));
        if (existing != null && existing.getData() != null
                && data.get("token-secret").equals(existing.getData().get("token-secret"))
                && "bootstrap.kubernetes.io/token".equals(existing.getType())) {
            return;
        }
        Secret secret = new SecretBuilder().withNewMetadata().withName(name)
                .withNamespace("kube-system").endMetadata()
                .withType("bootstrap.kubernetes.io/token").withData(data).build();
        if (existing != null) {
            client.secrets().inNamespace("kube-system").withName(name).delete();
        }
        client.secrets().inNamespace("kube-system").resource(secret).create();
        LOG.info("bootstrap token secret kube-system/" + name + " created");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
