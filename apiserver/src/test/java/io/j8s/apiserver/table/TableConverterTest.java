package io.j8s.apiserver.table;

import static io.j8s.apiserver.table.TableFixtures.CATALOGUE;
import static io.j8s.apiserver.table.TableFixtures.CLOCK;
import static io.j8s.apiserver.table.TableFixtures.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.j8s.api.catalogue.ResourceType;
import io.j8s.api.errors.StatusException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableConverterTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private final TableConverter converter = new TableConverter(CLOCK);

    private JsonNode golden(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(name + ".json")) {
            return mapper.readTree(in);
        }
    }

    /** The table as a client reads it off the wire. */
    private JsonNode wire(ObjectNode table) throws IOException {
        return mapper.readTree(mapper.writeValueAsString(table));
    }

    /** Golden tables: their cells were checked by hand against upstream's printers. */
    @Test
    void podsTableMatchesGolden() throws IOException {
        ObjectNode table = converter.toTable(type("", "v1", "pods"), TableFixtures.pods(),
                new ListMetaBuilder().withResourceVersion("1300").build(), IncludeObject.METADATA);
        assertThat(wire(table)).isEqualTo(golden("pods"));
    }

    @Test
    void deploymentTableMatchesGolden() throws IOException {
        ObjectNode table = converter.toTable(type("apps", "v1", "deployments"),
                TableFixtures.deployment(), IncludeObject.OBJECT);
        assertThat(wire(table)).isEqualTo(golden("deployments"));
    }

    @Test
    void servicesTableMatchesGolden() throws IOException {
        ObjectNode table = converter.toTable(type("", "v1", "services"), TableFixtures.services(),
                new ListMetaBuilder().withResourceVersion("1300")
                        .withContinue("eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ").withRemainingItemCount(4L).build(),
                IncludeObject.NONE);
        assertThat(wire(table)).isEqualTo(golden("services"));
    }

    @Test
    void tableHasUpstreamsTopLevelShape() {
        ObjectNode table = converter.toTable(type("", "v1", "pods"), TableFixtures.pods(), null,
                IncludeObject.METADATA);
        List<String> fields = new ArrayList<>();
        table.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("kind", "apiVersion", "metadata", "columnDefinitions", "rows");
        assertThat(table.get("metadata").isEmpty()).isTrue();
        JsonNode column = table.get("columnDefinitions").get(0);
        List<String> columnFields = new ArrayList<>();
        column.fieldNames().forEachRemaining(columnFields::add);
        assertThat(columnFields).containsExactly("name", "type", "format", "description", "priority");
    }

    @Test
    void includeObjectChoosesWhatRowsCarry() {
        ResourceType pods = type("", "v1", "pods");
        JsonNode none = converter.toTable(pods, TableFixtures.pods(), null, IncludeObject.NONE)
                .get("rows").get(0);
        assertThat(none.get("object").isNull()).isTrue();

        JsonNode meta = converter.toTable(pods, TableFixtures.pods(), null, IncludeObject.METADATA)
                .get("rows").get(0).get("object");
        assertThat(meta.get("kind").asText()).isEqualTo("PartialObjectMetadata");
        assertThat(meta.get("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
        assertThat(meta.get("metadata").get("name").asText()).isEqualTo("web-7d4b9c6f5-x2x7q");
        assertThat(meta.has("spec")).isFalse();

        JsonNode full = converter.toTable(pods, TableFixtures.pods(), null, IncludeObject.OBJECT)
                .get("rows").get(0).get("object");
        assertThat(full.get("kind").asText()).isEqualTo("Pod");
        assertThat(full.get("apiVersion").asText()).isEqualTo("v1");
        assertThat(full.get("spec").get("nodeName").asText()).isEqualTo("node-1");
    }

    @Test
    void includeObjectParsesTheQueryParameter() {
        assertThat(IncludeObject.parse(null)).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("")).isEqualTo(IncludeObject.METADATA);
        assertThat(IncludeObject.parse("None")).isEqualTo(IncludeObject.NONE);
        assertThat(IncludeObject.parse("Object")).isEqualTo(IncludeObject.OBJECT);
        assertThatThrownBy(() -> IncludeObject.parse("object"))
                .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void kindsWithoutAPrinterGetNameAndCreatedAt() {
        ObjectNode table = converter.toTable(type("rbac.authorization.k8s.io", "v1", "roles"),
                new RoleBuilder().withNewMetadata().withName("reader").withNamespace("default")
                        .withCreationTimestamp("2025-05-30T08:15:30.123Z").endMetadata().build(),
                IncludeObject.NONE);
        assertThat(table.get("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Created At");
        assertThat(table.get("columnDefinitions").get(1).get("type").asText()).isEqualTo("date");
        assertThat(table.get("rows").get(0).get("cells").toString())
                .isEqualTo("[\"reader\",\"2025-05-30T08:15:30Z\"]");
    }

    /** A freshly created object, with nothing but a name, prints without failing, for every kind. */
    @Test
    void everyCatalogueKindPrintsABareObject() throws Exception {
        PrinterRegistry registry = new PrinterRegistry();
        for (ResourceType t : CATALOGUE.stored()) {
            HasMetadata bare = t.type().getDeclaredConstructor().newInstance();
            bare.setMetadata(new ObjectMetaBuilder().withName("x").build());
            ObjectNode table = converter.toTable(t, bare, IncludeObject.OBJECT);
            int columns = table.get("columnDefinitions").size();
            assertThat(table.get("rows").get(0).get("cells").size()).as(t.plural()).isEqualTo(columns);
            int nameColumn = table.get("columnDefinitions").findValuesAsText("name").indexOf("Name");
            assertThat(table.get("rows").get(0).get("cells").get(nameColumn).asText()).as(t.plural())
                    .isEqualTo("x");
            if (!Set.of("roles", "clusterroles", "limitranges", "customresourcedefinitions")
                    .contains(t.plural())) {
                assertThat(registry.hasOwnPrinter(t.type())).as(t.plural()).isTrue();
            }
        }
    }
}
