package io.j8s.apiserver.cel;

import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * A worst-case cost for an expression, in the spirit of upstream's estimator: one unit per step,
 * string and list work proportional to size (0.1 per character or item; size() is one step,
 * as upstream), and a comprehension's
 * body times the largest size its range may have. Sizes come from the caller by path
 * ({@code self.spec.items}, {@code self.spec.items[*]} for an element); an unknown size is what a
 * request of 3 MiB could hold.
 */
final class CostEstimate {
    /** Upstream's largest request body, the bound of anything without a declared size. */
    static final long UNBOUNDED = 3L * 1024 * 1024;
    private static final Set<String> SIZED = Set.of("contains", "startsWith", "endsWith",
            "indexOf", "lastIndexOf", "split", "replace", "lowerAscii", "upperAscii", "join",
            "trim", "substring", "isSorted", "sum", "min", "max", "_==_", "_!=_", "_+_",
            "@in", "url", "quantity", "ip", "cidr", "isURL", "isQuantity", "isIP", "isCIDR");
    private static final Set<String> REGEX = Set.of("matches", "find", "findAll");

    private record Est(long cost, long size, String path) {}

    private final ToLongFunction<String> maxSize;

    CostEstimate(ToLongFunction<String> maxSize) {
        this.maxSize = maxSize;
    }

    long of(CelExpr e) {
        return est(e, new HashMap<>()).cost();
    }

    private Est est(CelExpr e, Map<String, String> iterVars) {
        switch (e.getKind()) {
            case CONSTANT -> {
                CelConstant c = e.constant();
                long size = c.getKind() == CelConstant.Kind.STRING_VALUE
                        ? c.stringValue().length() : 0;
                return new Est(0, size, null);
            }
            case IDENT -> {
                String name = e.ident().name();
                String path = iterVars.getOrDefault(name, name);
                return new Est(1, size(path), path);
            }
            case SELECT -> {
                Est operand = est(e.select().operand(), iterVars);
                if (e.select().testOnly()) {
                    return new Est(add(operand.cost(), 1), 0, null);
                }
                String path = operand.path() == null ? null
                        : operand.path() + "." + e.select().field();
                return new Est(add(operand.cost(), 1), size(path), path);
            }
            case CALL -> {
                long cost = 1;
                long[] sizes = new long[e.call().args().size() + 1];
                int i = 0;
                if (e.call().target().isPresent()) {
                    Est t = est(e.call().target().get(), iterVars);
                    cost = add(cost, t.cost());
                    sizes[i++] = t.size();
                }
                for (CelExpr arg : e.call().args()) {
                    Est a = est(arg, iterVars);
                    cost = add(cost, a.cost());
                    sizes[i++] = a.size();
                }
                String f = e.call().function();
                long largest = 0;
                for (long s : sizes) {
                    largest = Math.max(largest, s);
                }
                if (REGEX.contains(f) && i >= 2) {
                    cost = add(cost, mul(tenth(sizes[0]), 1 + (sizes[1] + 3) / 4));
                } else if (SIZED.contains(f)) {
                    cost = add(cost, tenth(largest));
                }
                if (f.equals("_[_]_") || f.equals("_[_]")) {
                    return new Est(cost, UNBOUNDED, null);
                }
                return new Est(cost, f.equals("_+_") ? add(sizes[0], sizes[1]) : 0, null);
            }
            case COMPREHENSION -> {
                var c = e.comprehension();
                Est range = est(c.iterRange(), iterVars);
                Map<String, String> inner = new HashMap<>(iterVars);
                if (range.path() != null) {
                    inner.put(c.iterVar(), range.path() + "[*]");
                } else {
                    inner.remove(c.iterVar());
                }
                long body = add(est(c.loopCondition(), inner).cost(),
                        est(c.loopStep(), inner).cost());
                long cost = add(add(range.cost(), est(c.accuInit(), inner).cost()),
                        add(mul(Math.max(range.size(), 1), body),
                                est(c.result(), inner).cost()));
                return new Est(cost, range.size(), null);
            }
            case LIST -> {
                long cost = 1;
                for (CelExpr el : e.list().elements()) {
                    cost = add(cost, est(el, iterVars).cost());
                }
                return new Est(cost, e.list().elements().size(), null);
            }
            case MAP -> {
                long cost = 1;
                for (var entry : e.map().entries()) {
                    cost = add(cost, add(est(entry.key(), iterVars).cost(),
                            est(entry.value(), iterVars).cost()));
                }
                return new Est(cost, e.map().entries().size(), null);
            }
            default -> {
                return new Est(1, 0, null);
            }
        }
    }

    private long size(String path) {
        if (path == null) {
            return UNBOUNDED;
        }
        long s = maxSize.applyAsLong(path);
        return s < 0 ? UNBOUNDED : s;
    }

    private static long tenth(long size) {
        return (size + 9) / 10;
    }

    static long add(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    static long mul(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
