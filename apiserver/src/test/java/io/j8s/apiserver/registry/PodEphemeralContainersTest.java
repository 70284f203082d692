package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pods/ephemeralcontainers adds debugging containers and nothing else, as upstream. */
class PodEphemeralContainersTest {
    @TempDir
    Path dir;
    private RegistryFixture k;
    private Registry pods;

    @BeforeEach
    void start() {
        k = new RegistryFixture(dir);
        pods = k.registry("", "v1", "pods");
        k.create("", "v1", "pods", "default", "{'metadata':{'name':'p'},'spec':{'containers':"
                + "[{'name':'app','image':'nginx'}]}}");
    }

    @AfterEach
    void stop() {
        k.close();
    }

    private ObjectNode withEphemeral(String containers) {
        ObjectNode pod = pods.get("default", "p");
        pod.with("spec").set("ephemeralContainers", RegistryFixture.json(
                "{'l':" + containers + "}").get("l"));
        pod.with("metadata").with("labels").put("ignored", "yes");
        return pod;
    }

    private String fails(String containers) {
        Throwable t = catchThrowable(() -> pods.update("default", "p",
                withEphemeral(containers), "ephemeralcontainers", WriteOptions.DEFAULT));
        assertThat(t).isInstanceOf(StatusException.class);
        return RegistryFixture.message(t);
    }

    @Test
    void addsAnEphemeralContainerWithDefaultsAndKeepsTheRestOfThePod() {
        ObjectNode pod = pods.update("default", "p", withEphemeral("[{'name':'debugger',"
                + "'image':'busybox','targetContainerName':'app','stdin':true}]"),
                "ephemeralcontainers", WriteOptions.DEFAULT);
        ObjectNode debugger = (ObjectNode) pod.at("/spec/ephemeralContainers/0");
        assertThat(debugger.path("terminationMessagePolicy").asText()).isEqualTo("File");
        assertThat(debugger.path("imagePullPolicy").asText()).isEqualTo("Always");
        assertThat(pod.path("metadata").path("labels").has("ignored")).isFalse();
    }

    @Test
    void refusesWhatUpstreamRefuses() {
        assertThat(fails("[{'name':'app','image':'busybox'}]"))
                .contains("spec.ephemeralContainers[0].name: Duplicate value: \"app\"");
        assertThat(fails("[{'name':'d','image':'busybox','ports':[{'containerPort':80}]}]"))
                .contains("spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an"
                        + " Ephemeral Container");
        assertThat(fails("[{'name':'d','image':'busybox','targetContainerName':'nope'}]"))
                .contains("spec.ephemeralContainers[0].targetContainerName: Not found: \"nope\"");
        pods.update("default", "p", withEphemeral("[{'name':'d','image':'busybox'}]"),
                "ephemeralcontainers", WriteOptions.DEFAULT);
        assertThat(fails("[]")).contains("existing ephemeral containers \"d\" may not be"
                + " removed");
    }

    @Test
    void aPodMayNotBeCreatedWithEphemeralContainers() {
        Throwable t = catchThrowable(() -> k.create("", "v1", "pods", "default",
                "{'metadata':{'name':'q'},'spec':{'containers':[{'name':'app','image':'nginx'}],"
                        + "'ephemeralContainers':[{'name':'d','image':'busybox'}]}}"));
        assertThat(RegistryFixture.message(t))
                .contains("spec.ephemeralContainers: Forbidden: cannot be set on create");
    }

    @Test
    void theMainResourceMayNotChangeEphemeralContainers() {
        Throwable t = catchThrowable(() -> pods.update("default", "p",
                withEphemeral("[{'name':'d','image':'busybox'}]"), "", WriteOptions.DEFAULT));
        assertThat(RegistryFixture.message(t)).contains("pod updates may not change fields");
    }
}
