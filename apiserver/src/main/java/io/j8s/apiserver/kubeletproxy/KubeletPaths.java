package io.j8s.apiserver.kubeletproxy;

import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The kubelet's path and query for each streaming subresource: {@code /containerLogs/ns/pod/c},
 * {@code /exec/ns/pod/c}, {@code /attach/ns/pod/c} and {@code /portForward/ns/pod}.
 */
final class KubeletPaths {
    private static final List<String[]> STREAM_FLAGS = List.of(
            new String[] {"stdin", "input"}, new String[] {"stdout", "output"},
            new String[] {"stderr", "error"}, new String[] {"tty", "tty"});

    private KubeletPaths() {}

    /** The kubelet URI for {@code subresource} of {@code target}, from the client's query. */
    static String uri(String subresource, PodKubelet target, MultiMap params,
            Map<String, List<String>> query) {
        String ns = segment(target.namespace());
        String pod = segment(target.pod());
        String container = segment(target.container());
        return switch (subresource) {
            case "log" -> "/containerLogs/" + ns + "/" + pod + "/" + container
                    + PodLogOptions.kubeletQuery(target.pod(), query);
            case "exec" -> "/exec/" + ns + "/" + pod + "/" + container
                    + streamQuery(params, target, true);
            case "attach" -> "/attach/" + ns + "/" + pod + "/" + container
                    + streamQuery(params, target, false);
            case "portforward" -> "/portForward/" + ns + "/" + pod + passThrough(params);
            default -> throw new IllegalArgumentException(subresource);
        };
    }

    /**
     * The exec or attach query: the command, the container and each stream flag asked for, as
     * {@code stdin=1} and also under the kubelet's own names ({@code input}, {@code output},
     * {@code error}) that upstream's API server writes.
     */
    private static String streamQuery(MultiMap params, PodKubelet target, boolean command) {
        StringBuilder q = new StringBuilder();
        if (command) {
            for (String c : params.getAll("command")) {
                append(q, "command", c);
            }
        }
        append(q, "container", target.container());
        for (String[] flag : STREAM_FLAGS) {
            if (isTrue(params.get(flag[0]))) {
                append(q, flag[0], "1");
                if (!flag[1].equals(flag[0])) {
                    append(q, flag[1], "1");
                }
            }
        }
        return q.toString();
    }

    private static String passThrough(MultiMap params) {
        StringBuilder q = new StringBuilder();
        params.forEach(e -> append(q, e.getKey(), e.getValue()));
        return q.toString();
    }

    private static void append(StringBuilder q, String name, String value) {
        q.append(q.isEmpty() ? '?' : '&').append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    /** Go's strconv.ParseBool trues, as the API server decodes PodExecOptions. */
    private static boolean isTrue(String v) {
        return v != null && List.of("1", "t", "T", "true", "TRUE", "True").contains(v);
    }

    /** One path segment, escaped. */
    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
