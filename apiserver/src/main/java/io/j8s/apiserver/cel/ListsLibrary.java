package io.j8s.apiserver.cel;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.INT;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.TypeParamType;
import java.util.List;
import java.util.Objects;

/**
 * Kubernetes' lists library: {@code isSorted}, {@code sum}, {@code min}, {@code max},
 * {@code indexOf}, {@code lastIndexOf} on lists of comparable elements.
 */
final class ListsLibrary extends KubernetesLibrary {
    ListsLibrary() {
        CelType t = TypeParamType.create("T");
        CelType listT = ListType.create(t);
        member("isSorted", "list_is_sorted", BOOL, List.of(listT), List.of(List.class),
                a -> isSorted((List<?>) a[0]));
        member("sum", "list_sum", t, List.of(listT), List.of(List.class),
                a -> sum((List<?>) a[0]));
        member("min", "list_min", t, List.of(listT), List.of(List.class),
                a -> extreme((List<?>) a[0], -1, "min"));
        member("max", "list_max", t, List.of(listT), List.of(List.class),
                a -> extreme((List<?>) a[0], 1, "max"));
        member("indexOf", "list_index_of", INT, List.of(listT, t),
                List.of(List.class, Object.class), a -> (long) ((List<?>) a[0]).indexOf(a[1]));
        member("lastIndexOf", "list_last_index_of", INT, List.of(listT, t),
                List.of(List.class, Object.class),
                a -> (long) ((List<?>) a[0]).lastIndexOf(a[1]));
    }

    private static boolean isSorted(List<?> list) {
        for (int i = 1; i < list.size(); i++) {
            if (compare(list.get(i - 1), list.get(i)) > 0) {
                return false;
            }
        }
        return true;
    }

    private static Object sum(List<?> list) {
        if (list.isEmpty()) {
            return 0L;
        }
        if (list.get(0) instanceof Double) {
            double total = 0;
            for (Object o : list) {
                total += ((Number) o).doubleValue();
            }
            return total;
        }
        long total = 0;
        for (Object o : list) {
            if (!(o instanceof Number n)) {
                throw error("no such overload: sum on a list of " + o.getClass().getSimpleName());
            }
            total = Math.addExact(total, n.longValue());
        }
        return total;
    }

    private static Object extreme(List<?> list, int sign, String name) {
        if (list.isEmpty()) {
            throw error(name + "(list) called on an empty list");
        }
        Object best = list.get(0);
        for (Object o : list) {
            if (compare(o, best) * sign > 0) {
                best = o;
            }
        }
        return best;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return (x instanceof Double || y instanceof Double)
                    ? Double.compare(x.doubleValue(), y.doubleValue())
                    : Long.compare(x.longValue(), y.longValue());
        }
        if (a instanceof Comparable c && b != null && a.getClass() == b.getClass()) {
            return c.compareTo(b);
        }
        throw error("no such overload: cannot compare " + type(a) + " and " + type(b));
    }

    private static String type(Object o) {
        return Objects.toString(o == null ? null : o.getClass().getSimpleName());
    }
}
