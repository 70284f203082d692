package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.CellText.orEmpty;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Function;

/**
 * Events in both served versions: LAST SEEN TYPE REASON OBJECT MESSAGE, and with {@code -o wide}
 * SUBOBJECT SOURCE FIRST SEEN COUNT NAME. An {@code events.k8s.io/v1} event prints as upstream's
 * conversion makes it: {@code regarding} is the object, {@code note} the message, the
 * {@code deprecated*} fields the old timestamps, count and source.
 */
final class EventPrinters {
    private EventPrinters() {}

    /** What the columns read, whichever version the event is in. */
    private record View(String name, String type, String reason, ObjectReference object,
            EventSource source, String reportingController, String reportingInstance, String message,
            String firstTimestamp, String lastTimestamp, MicroTime eventTime, Integer count,
            Integer seriesCount, MicroTime seriesLastObserved, boolean hasSeries) {}

    static Printer<Event> core() {
        return printer(Event.class, e -> new View(e.getMetadata().getName(), e.getType(),
                e.getReason(), e.getInvolvedObject(), e.getSource(), e.getReportingComponent(),
                e.getReportingInstance(), e.getMessage(), e.getFirstTimestamp(), e.getLastTimestamp(),
                e.getEventTime(), e.getCount(),
                e.getSeries() == null ? null : e.getSeries().getCount(),
                e.getSeries() == null ? null : e.getSeries().getLastObservedTime(), e.getSeries() != null));
    }

    static Printer<io.fabric8.kubernetes.api.model.events.v1.Event> eventsV1() {
        return printer(io.fabric8.kubernetes.api.model.events.v1.Event.class, e -> new View(
                e.getMetadata().getName(), e.getType(), e.getReason(), e.getRegarding(),
                e.getDeprecatedSource(), e.getReportingController(), e.getReportingInstance(),
                e.getNote(), e.getDeprecatedFirstTimestamp(), e.getDeprecatedLastTimestamp(),
                e.getEventTime(), e.getDeprecatedCount(),
                e.getSeries() == null ? null : e.getSeries().getCount(),
                e.getSeries() == null ? null : e.getSeries().getLastObservedTime(), e.getSeries() != null));
    }

    private static <T extends HasMetadata> Printer<T> printer(Class<T> type, Function<T, View> view) {
        return Printer.of(type)
                .timed("Last Seen", "The time at which the most recent occurrence of this event was "
                        + "recorded.", (e, now) -> lastSeen(view.apply(e), now))
                .column("Type", "string", "Type of this event (Normal, Warning), new types could be "
                        + "added in the future", e -> orEmpty(view.apply(e).type()))
                .column("Reason", "string", "This should be a short, machine understandable string "
                        + "that gives the reason for the transition into the object's current status.",
                        e -> orEmpty(view.apply(e).reason()))
                .column("Object", "string", "The object that this event is about.",
                        e -> target(view.apply(e).object()))
                .wide("Subobject", "string", "If referring to a piece of an object instead of an "
                        + "entire object, this string should contain a valid JSON/Go field access "
                        + "statement.", e -> view.apply(e).object() == null ? ""
                                : orEmpty(view.apply(e).object().getFieldPath()))
                .wide("Source", "string", "The component reporting this event.",
                        e -> source(view.apply(e)))
                .column("Message", "string", "A human-readable description of the status of this "
                        + "operation.", e -> orEmpty(view.apply(e).message()).strip())
                .add(new Column<>("First Seen", "string", "", "The time at which the event was first "
                        + "recorded.", 1, (e, now) -> firstSeen(view.apply(e), now)))
                .wide("Count", "string", "The number of times this event has occurred.",
                        e -> count(view.apply(e)))
                .add(new Column<>("Name", "string", "name", Descriptions.NAME, 1,
                        (e, now) -> e.getMetadata().getName()))
                .build();
    }

    private static String firstSeen(View v, Instant now) {
        if (Age.parse(v.firstTimestamp()) == null) {
            return Age.since(v.eventTime() == null ? null : v.eventTime().getTime(), now);
        }
        return Age.since(v.firstTimestamp(), now);
    }

    private static String lastSeen(View v, Instant now) {
        if (v.hasSeries()) {
            MicroTime t = v.seriesLastObserved();
            return Age.since(t == null ? null : t.getTime(), now);
        }
        if (Age.parse(v.lastTimestamp()) == null) {
            return firstSeen(v, now);
        }
        return Age.since(v.lastTimestamp(), now);
    }

    /** The series count, else the count; a singleton event counts once. */
    private static long count(View v) {
        if (v.hasSeries()) {
            return CellText.count(v.seriesCount());
        }
        long count = CellText.count(v.count());
        return count == 0 ? 1 : count;
    }

    /** {@code pod/web-1}, the kind in lower case. */
    private static String target(ObjectReference ref) {
        if (ref == null) {
            return "";
        }
        String kind = orEmpty(ref.getKind()).toLowerCase(Locale.ROOT);
        return ref.getName() == null || ref.getName().isEmpty() ? kind : kind + "/" + ref.getName();
    }

    /** {@code kubelet, node-1}: the source, else the reporting controller and instance. */
    private static String source(View v) {
        EventSource s = v.source() == null ? new EventSource() : v.source();
        String component = firstNonEmpty(s.getComponent(), v.reportingController());
        String instance = firstNonEmpty(s.getHost(), v.reportingInstance());
        return instance.isEmpty() ? component : component + ", " + instance;
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : orEmpty(b);
    }
}
