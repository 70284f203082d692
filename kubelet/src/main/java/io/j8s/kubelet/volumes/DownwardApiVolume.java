package io.j8s.kubelet.volumes;

import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.j8s.kubelet.volumes.PodVolumes.VolumeException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * downwardAPI: the pod's own fields (name, namespace, uid, labels, annotations) and its
 * containers' resources as files on a tmpfs, rewritten on every sync so that label and
 * annotation changes show. Labels and annotations are one {@code key="value"} line each, sorted
 * by key, values quoted as Go's {@code %q} does.
 */
final class DownwardApiVolume {
    static final String PLUGIN = "downward-api";
    private static final Pattern SUBSCRIPT = Pattern.compile("(metadata\\.(?:labels|annotations))\\['(.*)'\\]");
    private final VolumeDirs dirs;

    DownwardApiVolume(VolumeDirs dirs) {
        this.dirs = dirs;
    }

    Path setUp(Pod pod, Volume volume) throws VolumeException {
        Map<String, FileProjection> payload = payload(volume.getName(), pod, volume.getDownwardAPI().getItems(),
                ConfigMapVolume.mode(volume.getDownwardAPI().getDefaultMode()), dirs.allocatable());
        Path dir = dirs.volume(pod, PLUGIN, volume.getName());
        AtomicWriter.writeVolume(volume.getName(), dir, payload, () -> dirs.memory(dir, pod, null));
        return dir;
    }

    static Map<String, FileProjection> payload(String volume, Pod pod, List<DownwardAPIVolumeFile> items,
            int defaultMode, Map<String, Quantity> allocatable) throws VolumeException {
        Map<String, FileProjection> payload = new LinkedHashMap<>();
        for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
            String value;
            if (item.getFieldRef() != null) {
                value = field(volume, pod, item.getFieldRef().getFieldPath());
            } else if (item.getResourceFieldRef() != null) {
                value = ContainerResources.value(volume, pod, item.getResourceFieldRef(), allocatable);
            } else {
                continue;
            }
            payload.put(item.getPath(), FileProjection.of(value, item.getMode() == null ? defaultMode : item.getMode()));
        }
        return payload;
    }

    /** Upstream's ExtractFieldPathAsString for the fields a volume may project. */
    static String field(String volume, Pod pod, String fieldPath) throws VolumeException {
        var meta = pod.getMetadata();
        Matcher subscript = SUBSCRIPT.matcher(fieldPath == null ? "" : fieldPath);
        if (subscript.matches()) {
            Map<String, String> map = subscript.group(1).equals("metadata.labels") ? meta.getLabels()
                    : meta.getAnnotations();
            return map == null ? "" : map.getOrDefault(subscript.group(2), "");
        }
        return switch (fieldPath == null ? "" : fieldPath) {
            case "metadata.name" -> meta.getName();
            case "metadata.namespace" -> meta.getNamespace();
            case "metadata.uid" -> meta.getUid();
            case "metadata.labels" -> formatMap(meta.getLabels());
            case "metadata.annotations" -> formatMap(meta.getAnnotations());
            default -> throw new VolumeException(volume, "unsupported fieldPath: " + fieldPath);
        };
    }

    /** {@code key="value"} lines sorted by key, without a final newline. */
    static String formatMap(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> entry : new TreeMap<>(map == null ? Map.of() : map).entrySet()) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            out.append(entry.getKey()).append('=').append(quote(entry.getValue()));
        }
        return out.toString();
    }

    /** Go's strconv.Quote: printable characters as they are, the rest escaped. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case 7 -> out.append("\\a");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case 11 -> out.append("\\v");
                default -> {
                    if (c < ' ' || c == 0x7f) {
                        out.append(String.format("\\x%02x", c));
                    } else if (printable(c)) {
                        out.appendCodePoint(c);
                    } else if (c < 0x10000) {
                        out.append(String.format("\\u%04x", c));
                    } else {
                        out.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean printable(int c) {
        if (c == ' ') {
            return true;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                    Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
