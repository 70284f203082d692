package io.j8s.apiserver.cel;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.DOUBLE;
import static dev.cel.common.types.SimpleType.INT;
import static dev.cel.common.types.SimpleType.STRING;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import io.j8s.api.validation.Quantities;
import java.math.BigDecimal;
import java.util.List;

/**
 * Kubernetes' quantity library: {@code quantity(s)}, {@code isQuantity(s)} and on a quantity
 * {@code sign}, {@code isInteger}, {@code asInteger}, {@code asApproximateFloat},
 * {@code add}/{@code sub} (a quantity or an int), {@code isLessThan}, {@code isGreaterThan},
 * {@code compareTo}.
 */
final class QuantityLibrary extends KubernetesLibrary {
    static final CelType QUANTITY = OpaqueType.create("kubernetes.Quantity");

    /** A quantity's exact value. */
    record Quantity(BigDecimal value) {
        @Override
        public String toString() {
            return value.toPlainString();
        }
    }

    QuantityLibrary() {
        global("quantity", "string_to_quantity", QUANTITY, List.of(STRING),
                List.of(String.class), a -> parse((String) a[0]));
        global("isQuantity", "is_quantity_string", BOOL, List.of(STRING), List.of(String.class),
                a -> Quantities.isValid((String) a[0]));
        unary("sign", INT, q -> (long) q.value().signum());
        unary("isInteger", BOOL, q -> isInteger(q.value()));
        unary("asInteger", INT, q -> {
            if (!isInteger(q.value())) {
                throw error("cannot convert value to integer");
            }
            return q.value().longValueExact();
        });
        unary("asApproximateFloat", DOUBLE, q -> q.value().doubleValue());
        member("add", "quantity_add", QUANTITY, List.of(QUANTITY, QUANTITY),
                List.of(Quantity.class, Quantity.class),
                a -> new Quantity(q(a[0]).add(q(a[1]))));
        member("add", "quantity_add_int", QUANTITY, List.of(QUANTITY, INT),
                List.of(Quantity.class, Long.class),
                a -> new Quantity(q(a[0]).add(BigDecimal.valueOf((Long) a[1]))));
        member("sub", "quantity_sub", QUANTITY, List.of(QUANTITY, QUANTITY),
                List.of(Quantity.class, Quantity.class),
                a -> new Quantity(q(a[0]).subtract(q(a[1]))));
        member("sub", "quantity_sub_int", QUANTITY, List.of(QUANTITY, INT),
                List.of(Quantity.class, Long.class),
                a -> new Quantity(q(a[0]).subtract(BigDecimal.valueOf((Long) a[1]))));
        binary("isLessThan", BOOL, (x, y) -> x.compareTo(y) < 0);
        binary("isGreaterThan", BOOL, (x, y) -> x.compareTo(y) > 0);
        binary("compareTo", INT, (x, y) -> (long) x.compareTo(y));
    }

    private void unary(String name, CelType result, java.util.function.Function<Quantity, ?> f) {
        member(name, "quantity_" + name, result, List.of(QUANTITY), List.of(Quantity.class),
                a -> f.apply((Quantity) a[0]));
    }

    private void binary(String name, CelType result,
            java.util.function.BiFunction<BigDecimal, BigDecimal, ?> f) {
        member(name, "quantity_" + name, result, List.of(QUANTITY, QUANTITY),
                List.of(Quantity.class, Quantity.class), a -> f.apply(q(a[0]), q(a[1])));
    }

    private static BigDecimal q(Object o) {
        return ((Quantity) o).value();
    }

    private static boolean isInteger(BigDecimal v) {
        return v.stripTrailingZeros().scale() <= 0 && v.abs().compareTo(
                BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    static Quantity parse(String s) {
        try {
            return new Quantity(Quantities.parse(s));
        } catch (RuntimeException e) {
            throw error(e.getMessage());
        }
    }
}
