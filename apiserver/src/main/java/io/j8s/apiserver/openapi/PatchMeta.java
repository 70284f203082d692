package io.j8s.apiserver.openapi;

import io.j8s.api.catalogue.ResourceCatalogue;
import io.j8s.api.catalogue.ResourceType;
import java.util.Arrays;
import java.util.List;

/**
 * The strategic-merge-patch metadata of one type, read from the definitions j8s publishes: for
 * each field its {@code x-kubernetes-patch-strategy} and {@code x-kubernetes-patch-merge-key}, and
 * the type the field holds, so a patch walks the schema as it descends (upstream's
 * {@code LookupPatchMeta}). A type the schema does not describe ({@link #NONE}) has fields
 * without strategies: objects merge and lists are replaced.
 */
public final class PatchMeta {
    /** No schema: every field merges as a plain JSON object or is replaced. */
    public static final PatchMeta NONE = new PatchMeta(null, null);

    /** The definitions of the catalogue last asked about: building them walks every model class. */
    private static volatile Built last;

    private record Built(ResourceCatalogue catalogue, Definitions definitions) {}

    private final Definitions definitions;
    private final SchemaType type;

    private PatchMeta(Definitions definitions, SchemaType type) {
        this.definitions = definitions;
        this.type = type;
    }

    /** The metadata of one object of {@code resource}, as {@code catalogue} publishes it. */
    public static PatchMeta of(ResourceCatalogue catalogue, ResourceType resource) {
        Built b = last;
        if (b == null || b.catalogue() != catalogue) {
            b = new Built(catalogue, Definitions.of(catalogue));
            last = b;
        }
        Definitions d = b.definitions();
        String name = d.kind(resource);
        return name == null ? NONE : new PatchMeta(d, new SchemaType.Ref(name));
    }

    /**
     * One field of this type.
     *
     * @param strategies the patch strategies: {@code merge}, {@code retainKeys}, {@code replace};
     *     empty for the default (objects merge, lists are replaced)
     * @param mergeKey the field that identifies an element of a merged list of objects, or ""
     * @param type the metadata of the value the field holds
     */
    public record Field(List<String> strategies, String mergeKey, PatchMeta type) {
        static final Field PLAIN = new Field(List.of(), "", NONE);

        public Field {
            strategies = List.copyOf(strategies);
        }

        /** True for a list whose elements merge rather than being replaced as a whole. */
        public boolean merges() {
            return strategies.contains("merge");
        }

        /** True for an object the patch replaces whole ({@code patchStrategy: replace}). */
        public boolean replaces() {
            return strategies.contains("replace");
        }
    }

    /** The field {@code name} of this type; a map's values and unknown fields have no strategy. */
    public Field field(String name) {
        switch (type) {
            case SchemaType.Ref r -> {
                Definition d = definitions.get(r.definition());
                if (d == null) {
                    return Field.PLAIN;
                }
                for (Property p : d.properties()) {
                    if (p.name().equals(name)) {
                        MergeStrategy m = p.merge();
                        List<String> strategies = m.patchStrategy().isEmpty() ? List.of()
                                : Arrays.asList(m.patchStrategy().split(","));
                        return new Field(strategies, m.patchMergeKey(), at(p.type()));
                    }
                }
                return Field.PLAIN;
            }
            case SchemaType.MapOf m -> {
                return new Field(List.of(), "", at(m.values()));
            }
            case null, default -> {
                return Field.PLAIN;
            }
        }
    }

    /** The metadata of one element, when this is a list; {@link #NONE} otherwise. */
    public PatchMeta items() {
        return type instanceof SchemaType.ArrayOf a ? at(a.items()) : NONE;
    }

    private PatchMeta at(SchemaType t) {
        return switch (t) {
            case SchemaType.Ref r -> new PatchMeta(definitions, r);
            case SchemaType.ArrayOf a -> new PatchMeta(definitions, a);
            case SchemaType.MapOf m -> new PatchMeta(definitions, m);
            default -> NONE;
        };
    }
}
