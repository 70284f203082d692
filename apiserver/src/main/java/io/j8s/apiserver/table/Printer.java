package io.j8s.apiserver.table;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The columns of one kind, as upstream's printers define them, and the row conditions upstream adds
 * (pods only). Built with {@link #of}: {@code Printer.of(ConfigMap.class).name().column(...).age()}.
 *
 * @param <T> the fabric8 class of the objects
 */
final class Printer<T extends HasMetadata> {
    private final Class<T> type;
    private final List<Column<T>> columns;
    private final Function<T, List<RowCondition>> conditions;

    private Printer(Class<T> type, List<Column<T>> columns,
            Function<T, List<RowCondition>> conditions) {
        this.type = type;
        this.columns = List.copyOf(columns);
        this.conditions = conditions;
    }

    static <T extends HasMetadata> Builder<T> of(Class<T> type) {
        return new Builder<>(type);
    }

    Class<T> type() {
        return type;
    }

    List<Column<T>> columns() {
        return columns;
    }

    /** The cells of one object, one per column. */
    List<Object> cells(HasMetadata object, Instant now) {
        T t = type.cast(object);
        List<Object> cells = new ArrayList<>(columns.size());
        for (Column<T> c : columns) {
            cells.add(c.cell().of(t, now));
        }
        return cells;
    }

    List<RowCondition> conditions(HasMetadata object) {
        return conditions.apply(type.cast(object));
    }

    static final class Builder<T extends HasMetadata> {
        private final Class<T> type;
        private final List<Column<T>> columns = new ArrayList<>();
        private Function<T, List<RowCondition>> conditions = t -> List.of();

        private Builder(Class<T> type) {
            this.type = type;
        }

        /** Upstream's first column: the object's name. */
        Builder<T> name() {
            return add(new Column<>("Name", "string", "name", Descriptions.NAME, 0,
                    (t, now) -> t.getMetadata().getName()));
        }

        /** Upstream's AGE column: how long ago the object was created. */
        Builder<T> age() {
            return add(new Column<>("Age", "string", "", Descriptions.CREATION_TIMESTAMP, 0,
                    (t, now) -> Age.since(t.getMetadata().getCreationTimestamp(), now)));
        }

        /** A column {@code kubectl get} prints, whose cell does not depend on the time. */
        Builder<T> column(String name, String type, String description, Function<T, Object> cell) {
            return add(new Column<>(name, type, "", description, 0, (t, now) -> cell.apply(t)));
        }

        /** A column {@code kubectl get} prints, whose cell depends on the time. */
        Builder<T> timed(String name, String description, Column.Cell<T> cell) {
            return add(new Column<>(name, "string", "", description, 0, cell));
        }

        /** A column only {@code kubectl get -o wide} prints. */
        Builder<T> wide(String name, String type, String description, Function<T, Object> cell) {
            return add(new Column<>(name, type, "", description, 1, (t, now) -> cell.apply(t)));
        }

        Builder<T> add(Column<T> column) {
            columns.add(column);
            return this;
        }

        Builder<T> conditions(Function<T, List<RowCondition>> conditions) {
            this.conditions = conditions;
            return this;
        }

        Printer<T> build() {
            return new Printer<>(type, columns, conditions);
        }
    }
}
