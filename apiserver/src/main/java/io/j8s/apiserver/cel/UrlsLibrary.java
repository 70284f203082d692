package io.j8s.apiserver.cel;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.STRING;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' URL library: {@code url(s)}, {@code isURL(s)} and on a URL {@code getScheme},
 * {@code getHost}, {@code getHostname}, {@code getPort}, {@code getEscapedPath},
 * {@code getQuery}. A URL must be absolute or an absolute path, as Go's ParseRequestURI wants.
 */
final class UrlsLibrary extends KubernetesLibrary {
    static final CelType URL = OpaqueType.create("kubernetes.URL");

    /** A parsed URL. */
    record Url(URI uri) {
        @Override
        public String toString() {
            return uri.toString();
        }
    }

    UrlsLibrary() {
        global("url", "string_to_url", URL, List.of(STRING), List.of(String.class), a -> {
            Url u = parse((String) a[0]);
            if (u == null) {
                throw error("URL parse error during conversion from string: parse \"" + a[0]
                        + "\": invalid URI for request");
            }
            return u;
        });
        global("isURL", "is_url_string", BOOL, List.of(STRING), List.of(String.class),
                a -> parse((String) a[0]) != null);
        get("getScheme", u -> orEmpty(u.getScheme()));
        get("getHost", u -> {
            String host = orEmpty(u.getRawAuthority());
            int at = host.lastIndexOf('@');
            return at >= 0 ? host.substring(at + 1) : host;
        });
        get("getHostname", u -> {
            String h = orEmpty(u.getHost());
            return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        });
        get("getPort", u -> u.getPort() < 0 ? "" : String.valueOf(u.getPort()));
        get("getEscapedPath", u -> orEmpty(u.getRawPath()));
        member("getQuery", "url_get_query", MapType.create(STRING, ListType.create(STRING)),
                List.of(URL), List.of(Url.class), a -> query(((Url) a[0]).uri().getRawQuery()));
    }

    private void get(String name, java.util.function.Function<URI, String> f) {
        member(name, "url_" + name, STRING, List.of(URL), List.of(Url.class),
                a -> f.apply(((Url) a[0]).uri()));
    }

    static Url parse(String s) {
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null && !s.startsWith("/")) {
                return null;
            }
            return new Url(uri);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                    StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
                    StandardCharsets.UTF_8);
            query.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return query;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
