package io.j8s.apiserver.cel;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place the Kubernetes CEL environment is built: the standard library and macros, the
 * strings, sets, math and optional extensions of cel-java, and Kubernetes' libraries. One runtime
 * serves every expression (it does not depend on the variables); compilers are the base one
 * extended with the variables, kept per set of variables when those are all dyn or built-in,
 * built anew when they declare object types of a schema.
 */
final class KubernetesCel {
    /** Upstream's per-call runtime cost limit (PerCallLimit). */
    static final long PER_CALL_LIMIT = 1_000_000;
    private static final List<KubernetesLibrary> LIBRARIES = List.of(new ListsLibrary(),
            new RegexLibrary(), new UrlsLibrary(), new QuantityLibrary(), new IpLibrary(),
            new AuthorizerLibrary());
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableTimestampEpoch(true)
            .comprehensionMaxIterations((int) PER_CALL_LIMIT)
            .build();
    private static final Cel BASE = build();
    private static final Map<Variables, CelCompiler> COMPILERS = new ConcurrentHashMap<>();

    private KubernetesCel() {}

    static Cel runtime() {
        return BASE;
    }

    static CelCompiler compiler(Variables variables) {
        if (variables.structs().isEmpty()) {
            return COMPILERS.computeIfAbsent(variables, KubernetesCel::extend);
        }
        return extend(variables);
    }

    private static CelCompiler extend(Variables variables) {
        CelCompilerBuilder b = BASE.toCompilerBuilder();
        if (!variables.structs().isEmpty()) {
            b.setTypeProvider(new Structs(variables.structs()));
        }
        variables.types().forEach(b::addVar);
        return b.build();
    }

    private static Cel build() {
        CelBuilder b = CelFactory.standardCelBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS),
                        CelExtensions.math(OPTIONS), CelExtensions.optional(),
                        CelExtensions.encoders(OPTIONS))
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(OPTIONS),
                        CelExtensions.math(OPTIONS), CelExtensions.optional(),
                        CelExtensions.encoders(OPTIONS));
        for (KubernetesLibrary library : LIBRARIES) {
            b.addFunctionDeclarations(library.declarations());
            b.addFunctionBindings(library.bindings());
        }
        return b.build();
    }

    /** The object types of a schema, found by name. */
    private static final class Structs implements CelTypeProvider {
        private final Map<String, CelType> byName = new HashMap<>();

        Structs(List<StructType> structs) {
            structs.forEach(s -> byName.put(s.name(), s));
        }

        @Override
        public ImmutableCollection<CelType> types() {
            return ImmutableList.copyOf(byName.values());
        }

        @Override
        public Optional<CelType> findType(String name) {
            return Optional.ofNullable(byName.get(name));
        }
    }
}
