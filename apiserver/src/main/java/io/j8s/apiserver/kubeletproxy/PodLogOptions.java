package io.j8s.apiserver.kubeletproxy;

import io.j8s.api.errors.StatusException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query of a {@code pods/log} request, checked as upstream's ValidatePodLogOptions does (422
 * PodLogOptions "name" is invalid), and turned into the query of the kubelet's
 * {@code /containerLogs/<ns>/<pod>/<container>}.
 */
final class PodLogOptions {
    /** The options a kubelet understands; the apiserver passes these and no others. */
    private static final List<String> PASSED = List.of("follow", "previous", "sinceSeconds",
            "sinceTime", "timestamps", "tailLines", "limitBytes", "stream");

    private PodLogOptions() {}

    /** The kubelet query ({@code ?...} or empty), or the 400/422 upstream answers. */
    static String kubeletQuery(String pod, Map<String, List<String>> query) {
        List<io.fabric8.kubernetes.api.model.StatusCause> causes = new ArrayList<>();
        Long tail = integer(query, "tailLines");
        Long limit = integer(query, "limitBytes");
        Long since = integer(query, "sinceSeconds");
        String sinceTime = first(query, "sinceTime");
        bool(query, "follow");
        bool(query, "previous");
        bool(query, "timestamps");
        if (sinceTime != null && !sinceTime.isEmpty()) {
            try {
                OffsetDateTime.parse(sinceTime);
            } catch (DateTimeParseException e) {
                throw StatusException.badRequest("parsing time \"" + sinceTime
                        + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"" + sinceTime
                        + "\" as RFC3339");
            }
        }
        if (tail != null && tail < 0) {
            causes.add(StatusException.cause("FieldValueInvalid", "tailLines",
                    "Invalid value: " + tail + ": must be greater than or equal to 0"));
        }
        if (limit != null && limit < 1) {
            causes.add(StatusException.cause("FieldValueInvalid", "limitBytes",
                    "Invalid value: " + limit + ": must be greater than 0"));
        }
        if (since != null && sinceTime != null && !sinceTime.isEmpty()) {
            causes.add(StatusException.cause("FieldValueForbidden", "",
                    "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"));
        }
        if (since != null && since < 1) {
            causes.add(StatusException.cause("FieldValueInvalid", "sinceSeconds",
                    "Invalid value: " + since + ": must be greater than 0"));
        }
        String stream = first(query, "stream");
        if (stream != null && !stream.isEmpty() && !List.of("All", "Stdout", "Stderr")
                .contains(stream)) {
            causes.add(StatusException.cause("FieldValueNotSupported", "stream",
                    "Unsupported value: \"" + stream + "\": supported values: \"All\", \"Stderr\","
                            + " \"Stdout\""));
        }
        if (!causes.isEmpty()) {
            throw StatusException.invalid("PodLogOptions",
                    new StatusException.Resource("", "pods"), pod, causes);
        }
        StringBuilder out = new StringBuilder();
        for (String name : PASSED) {
            String value = first(query, name);
            if (value != null && !value.isEmpty()) {
                out.append(out.isEmpty() ? '?' : '&').append(name).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.getFirst();
    }

    private static Long integer(Map<String, List<String>> query, String name) {
        String v = first(query, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("strconv.ParseInt: parsing \"" + v
                    + "\": invalid syntax");
        }
    }

    private static void bool(Map<String, List<String>> query, String name) {
        String v = first(query, name);
        if (v != null && !v.isEmpty() && !List.of("true", "false", "1", "0", "t", "f", "TRUE",
                "FALSE", "True", "False", "T", "F").contains(v)) {
            throw StatusException.badRequest("strconv.ParseBool: parsing \"" + v
                    + "\": invalid syntax");
        }
    }
}
