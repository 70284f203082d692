package io.j8s.apiserver.openapi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step, beside {@link ClientJavaDescriptions}: upstream's field comments as
 * {@code client-java-proto}'s sources carry them (protoc copies each field's comment from
 * Kubernetes' {@code generated.proto}, itself copied from the Go types, into a javadoc
 * {@code <pre>} block). The official client's model annotations lack the description of every
 * field whose type is another object ({@code Pod.spec}); these fill them in, formatted as
 * kube-openapi formats Go comments: lines joined by spaces, paragraphs kept, {@code +marker} and
 * {@code TODO} lines dropped, nothing after {@code ---}.
 */
final class ProtoComments {
    private static final Pattern MESSAGE =
            Pattern.compile("@@protoc_insertion_point\\(interface_extends:([\\w.]+)\\)");
    private static final Pattern FIELD =
            Pattern.compile("<code>.*\\s(\\w+) = \\d+;</code>");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#(\\d+));");

    private ProtoComments() {}

    /**
     * Every described field of every message in the sources jar, keyed by message
     * ({@code k8s.io.api.core.v1.Pod}) then field name, formatted.
     */
    static Map<String, Map<String, String>> read(JarFile sources) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (JarEntry e : sources.stream().toList()) {
            if (!e.getName().endsWith(".java")) {
                continue;
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(
                    sources.getInputStream(e), StandardCharsets.UTF_8))) {
                readFile(r, out);
            }
        }
        return out;
    }

    private static void readFile(BufferedReader r, Map<String, Map<String, String>> out)
            throws IOException {
        String message = null;
        List<String> comment = null;
        boolean inPre = false;
        for (String line; (line = r.readLine()) != null; ) {
            String trimmed = line.strip();
            Matcher m = MESSAGE.matcher(line);
            if (m.find()) {
                message = m.group(1);
                comment = null;
                continue;
            }
            if (trimmed.equals("* <pre>")) {
                inPre = true;
                comment = new ArrayList<>();
                continue;
            }
            if (trimmed.equals("* </pre>")) {
                inPre = false;
                continue;
            }
            if (inPre) {
                int star = line.indexOf('*');
                String text = star < 0 ? "" : line.substring(star + 1);
                comment.add(text.startsWith(" ") ? text.substring(1) : text);
                continue;
            }
            Matcher f = FIELD.matcher(trimmed);
            if (f.find() && message != null && comment != null) {
                String text = format(comment);
                if (!text.isEmpty()) {
                    out.computeIfAbsent(message, k -> new LinkedHashMap<>())
                            .putIfAbsent(f.group(1), text);
                }
                comment = null;
            }
        }
    }

    /** kube-openapi's treatment of a Go comment. */
    static String format(List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String raw : lines) {
            String line = unescape(raw).stripTrailing();
            if (line.equals("---")) {
                break;
            }
            String leading = line.stripLeading();
            if (line.isEmpty()) {
                if (!b.isEmpty()) {
                    b.setLength(b.length() - 1);
                }
                b.append("\n\n");
            } else if (!leading.startsWith("TODO") && !leading.startsWith("+")) {
                b.append(line).append(' ');
            }
        }
        return b.toString().replaceAll("^\\n+|\\n+$", "").strip();
    }

    private static String unescape(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String r = switch (m.group(1)) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                default -> String.valueOf((char) Integer.parseInt(m.group(2)));
            };
            m.appendReplacement(b, Matcher.quoteReplacement(r));
        }
        return m.appendTail(b).toString();
    }
}
