package io.j8s.apiserver.cel;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of Kubernetes' CEL libraries: the functions it declares for the type checker and their
 * bindings for the runtime. Each overload is declared and bound by the same id.
 */
abstract class KubernetesLibrary {
    private final Map<String, List<CelOverloadDecl>> declarations = new LinkedHashMap<>();
    private final List<CelFunctionBinding> bindings = new ArrayList<>();

    final List<CelFunctionDecl> declarations() {
        List<CelFunctionDecl> all = new ArrayList<>();
        declarations.forEach((name, overloads) ->
                all.add(CelFunctionDecl.newFunctionDeclaration(name, overloads)));
        return all;
    }

    final List<CelFunctionBinding> bindings() {
        return bindings;
    }

    /** A receiver-style function: {@code target.name(args)}. */
    final void member(String name, String id, CelType result, List<CelType> params,
            List<Class<?>> classes, CelFunctionOverload body) {
        declarations.computeIfAbsent(name, n -> new ArrayList<>())
                .add(CelOverloadDecl.newMemberOverload(id, result, params));
        bindings.add(CelFunctionBinding.from(id, classes, body));
    }

    /** A global function: {@code name(args)}. */
    final void global(String name, String id, CelType result, List<CelType> params,
            List<Class<?>> classes, CelFunctionOverload body) {
        declarations.computeIfAbsent(name, n -> new ArrayList<>())
                .add(CelOverloadDecl.newGlobalOverload(id, result, params));
        bindings.add(CelFunctionBinding.from(id, classes, body));
    }

    /** An evaluation error with upstream's words. */
    static RuntimeException error(String message) {
        return new IllegalArgumentException(message);
    }
}
