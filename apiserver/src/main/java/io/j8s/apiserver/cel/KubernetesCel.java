package io.j8s.apiserver.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place the Kubernetes CEL environment is built: the standard library and macros, the
 * strings, sets, math and optional extensions of cel-java, and Kubernetes' libraries, with the
 * given variables. Environments are kept per set of variables.
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
    private static final Map<Variables, Cel> ENVIRONMENTS = new ConcurrentHashMap<>();

    private KubernetesCel() {}

    static Cel environment(Variables variables) {
        return ENVIRONMENTS.computeIfAbsent(variables, KubernetesCel::build);
    }

    private static Cel build(Variables variables) {
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
        variables.types().forEach(b::addVar);
        return b.build();
    }
}
