package io.j8s.apiserver.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.compiler.CelCompiler;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.j8s.apiserver.authn.Authorizer;
import io.j8s.apiserver.authn.UserInfo;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Compiles and evaluates CEL expressions in the Kubernetes environment. A compile error reads as
 * upstream's {@code compilation failed: ERROR: <input>:1:5: ...}; evaluation counts one unit of
 * cost per evaluated step and stops at the limit with upstream's
 * {@code operation cancelled: actual cost limit exceeded}.
 */
public final class CelExpressions {
    /** Upstream's per-call runtime cost limit. */
    public static final long PER_CALL_LIMIT = KubernetesCel.PER_CALL_LIMIT;
    public static final String COST_EXCEEDED = "operation cancelled: actual cost limit exceeded";

    private CelExpressions() {}

    /** What compiling gives: a program, or the compile error. */
    public sealed interface Compiled permits Program, Failure {}

    /** A checked expression ready to run. */
    public record Program(String expression, CelAbstractSyntaxTree ast,
            CelRuntime.Program program) implements Compiled {
        /** The result type the checker found. */
        public CelType resultType() {
            return ast.getResultType();
        }

        /** Whether the result is a bool (or dyn, which is checked when it runs). */
        public boolean returns(CelKind kind) {
            CelKind k = resultType().kind();
            return k == kind || k == CelKind.DYN || k == CelKind.ANY;
        }

        /** Whether the expression refers to the variable {@code name} (as the checker resolved it). */
        public boolean uses(String name) {
            return ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals(name));
        }

        /** The estimated worst-case cost, sizes from {@code maxSize} (by variable path). */
        public long estimatedCost(ToLongFunction<String> maxSize) {
            return new CostEstimate(maxSize).of(ast.getExpr());
        }
    }

    /** Why an expression does not compile, in upstream's words. */
    public record Failure(String message) implements Compiled {}

    /** An expression that failed when it ran. */
    public static final class EvaluationException extends Exception {
        private final boolean costExceeded;

        EvaluationException(String message, boolean costExceeded) {
            super(message);
            this.costExceeded = costExceeded;
        }

        public boolean costExceeded() {
            return costExceeded;
        }
    }

    /**
     * Compiles and type-checks the expression against the variables' types; a failure reads
     * {@code compilation failed: ERROR: <input>:1:5: ...}.
     */
    public static Compiled compile(String expression, Variables variables) {
        Compiled c = check(expression, variables);
        return c instanceof Failure f ? new Failure("compilation failed: " + f.message()) : c;
    }

    /**
     * As {@link #compile}, the failure being the checker's issues alone
     * ({@code ERROR: <input>:1:5: ...}), as upstream's type checker reports them.
     */
    public static Compiled check(String expression, Variables variables) {
        CelCompiler compiler = KubernetesCel.compiler(variables);
        try {
            CelValidationResult result = compiler.compile(expression);
            if (result.hasError()) {
                return new Failure(issues(result.getErrorString()));
            }
            CelAbstractSyntaxTree ast = result.getAst();
            return new Program(expression, ast, KubernetesCel.runtime().createProgram(ast));
        } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
            return new Failure(String.valueOf(e.getMessage()));
        }
    }

    /** cel-java's issues as cel-go writes them: without the candidate overloads it lists. */
    private static String issues(String errors) {
        return CANDIDATES.matcher(errors).replaceAll("");
    }

    private static final java.util.regex.Pattern CANDIDATES =
            java.util.regex.Pattern.compile(" \\(candidates: [^\\n]*\\)(?=\\n|$)");

    public static Object evaluate(Program program, Map<String, ?> activation)
            throws EvaluationException {
        return evaluate(program, activation, PER_CALL_LIMIT);
    }

    /** Runs the program; variables it declares but the activation lacks are absent. */
    public static Object evaluate(Program program, Map<String, ?> activation, long costLimit)
            throws EvaluationException {
        return evaluate(program, activation, costLimit, new long[1]);
    }

    /** As above, adding what the run cost to {@code cost[0]}. */
    public static Object evaluate(Program program, Map<String, ?> activation, long costLimit,
            long[] spent) throws EvaluationException {
        long[] cost = {0};
        try {
            return program.program().trace(activation, (expr, value) -> {
                if (++cost[0] > costLimit) {
                    throw new CostLimit();
                }
            });
        } catch (CostLimit e) {
            throw new EvaluationException(COST_EXCEEDED, true);
        } catch (CelEvaluationException e) {
            if (causedByCost(e)) {
                throw new EvaluationException(COST_EXCEEDED, true);
            }
            throw new EvaluationException(message(e), false);
        } catch (RuntimeException e) {
            if (causedByCost(e)) {
                throw new EvaluationException(COST_EXCEEDED, true);
            }
            throw new EvaluationException(String.valueOf(e.getMessage()), false);
        } finally {
            spent[0] += cost[0];
        }
    }

    /** The value of {@code authorizer} for a request by {@code user}. */
    public static Object authorizer(Authorizer authorizer, UserInfo user) {
        return new AuthorizerLibrary.Subject(authorizer, user);
    }

    private static boolean causedByCost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CostLimit) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("Iteration budget exceeded")) {
                return true;
            }
        }
        return false;
    }

    /** cel-java's words where cel-go, which upstream runs, says it otherwise. */
    private static String upstream(String m) {
        java.util.regex.Matcher k = NO_KEY.matcher(m);
        return k.find() ? "no such key: " + k.group(1) : m;
    }

    private static final java.util.regex.Pattern NO_KEY =
            java.util.regex.Pattern.compile("key '([^']*)' is not present in map");

    private static String message(CelEvaluationException e) {
        return upstream(rawMessage(e));
    }

    private static String rawMessage(CelEvaluationException e) {
        Throwable cause = e.getCause();
        if (cause instanceof dev.cel.common.exceptions.CelAttributeNotFoundException
                && cause.getMessage() != null && !cause.getMessage().contains(" ")) {
            return "no such key: " + cause.getMessage();
        }
        if (cause != null && cause.getMessage() != null
                && !(cause instanceof CelEvaluationException)) {
            return cause.getMessage();
        }
        String m = e.getMessage();
        int colon = m == null ? -1 : m.indexOf("evaluation error: ");
        return colon >= 0 ? m.substring(colon + "evaluation error: ".length()) : String.valueOf(m);
    }

    private static final class CostLimit extends RuntimeException {
        CostLimit() {
            super(COST_EXCEEDED, null, false, false);
        }
    }
}
