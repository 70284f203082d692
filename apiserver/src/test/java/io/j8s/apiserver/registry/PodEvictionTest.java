package io.j8s.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.j8s.api.errors.StatusException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodEvictionTest {
    @TempDir
    Path dir;
    private RegistryFixture k;
    private Registry pods;
    private Registry budgets;

    @BeforeEach
    void start() {
        k = new RegistryFixture(dir);
        pods = k.registry("", "v1", "pods");
        budgets = k.registry("policy", "v1", "poddisruptionbudgets");
    }

    @AfterEach
    void stop() {
        k.close();
    }

    /** A pod of app=web in {@code phase}, Ready or not, not bound to a node. */
    private void pod(String name, String phase, boolean ready) {
        k.create("", "v1", "pods", "default", "{'metadata':{'name':'" + name + "',"
                + "'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'i'}]}}");
        ObjectNode p = pods.get("default", name);
        p.set("status", RegistryFixture.json("{'phase':'" + phase + "','conditions':[{'type':"
                + "'Ready','status':'" + (ready ? "True" : "False") + "'}]}"));
        pods.update("default", name, p, "status", WriteOptions.DEFAULT);
    }

    /** A budget over app=web whose status the disruption controller would have written. */
    private void budget(String name, String status) {
        k.create("policy", "v1", "poddisruptionbudgets", "default", "{'metadata':{'name':'"
                + name + "'},'spec':{'minAvailable':1,'selector':{'matchLabels':"
                + "{'app':'web'}}}}");
        if (status != null) {
            ObjectNode b = budgets.get("default", name);
            b.set("status", RegistryFixture.json(status));
            budgets.update("default", name, b, "status", WriteOptions.DEFAULT);
        }
    }

    private ObjectNode evict(String name) {
        return PodEviction.evict(pods, budgets, "default", name, RegistryFixture.json(
                "{'apiVersion':'policy/v1','kind':'Eviction','metadata':{'name':'" + name
                        + "'}}"), WriteOptions.DEFAULT);
    }

    private StatusException refused(String name) {
        StatusException e = catchThrowableOfType(StatusException.class, () -> evict(name));
        assertThat(e).as("eviction of " + name + " should be refused").isNotNull();
        return e;
    }

    private boolean exists(String name) {
        return pods.list("default", ListOptions.all()).items().stream()
                .anyMatch(p -> Meta.name(p).equals(name));
    }

    @Test
    void aRunningPodThatNoBudgetCoversIsDeleted() {
        pod("a", "Running", true);
        ObjectNode answer = evict("a");
        assertThat(answer.path("status").asText()).isEqualTo("Success");
        assertThat(answer.path("code").asInt()).isEqualTo(201);
        assertThat(exists("a")).isFalse();
    }

    @Test
    void aBudgetWithNoDisruptionLeftRefusesWith429AndTheBudgetAsCause() {
        pod("a", "Running", true);
        budget("web", "{'observedGeneration':1,'disruptionsAllowed':0,'currentHealthy':1,"
                + "'desiredHealthy':1,'expectedPods':1}");
        StatusException e = refused("a");
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.reason()).isEqualTo("TooManyRequests");
        assertThat(e.getMessage())
                .isEqualTo("Cannot evict pod as it would violate the pod's disruption budget.");
        assertThat(e.status().getDetails().getCauses()).singleElement().satisfies(c -> {
            assertThat(c.getReason()).isEqualTo("DisruptionBudget");
            assertThat(c.getMessage())
                    .isEqualTo("The disruption budget web needs 1 healthy pods and has 1 currently");
        });
        assertThat(exists("a")).isTrue();
    }

    @Test
    void aBudgetTheControllerHasNotSeenYetRefuses() {
        pod("a", "Running", true);
        budget("web", null);
        StatusException e = refused("a");
        assertThat(e.code()).isEqualTo(429);
        assertThat(e.status().getDetails().getCauses().getFirst().getMessage())
                .isEqualTo("The disruption budget web is still being processed by the server.");
    }

    @Test
    void anAllowedEvictionSpendsOneDisruptionAndRecordsThePod() {
        pod("a", "Running", true);
        pod("b", "Running", true);
        budget("web", "{'observedGeneration':1,'disruptionsAllowed':1,'currentHealthy':2,"
                + "'desiredHealthy':1,'expectedPods':2,'conditions':[{'type':'DisruptionAllowed',"
                + "'status':'True','reason':'SufficientPods','message':'',"
                + "'lastTransitionTime':'2026-01-01T00:00:00Z'}]}");
        evict("a");
        assertThat(exists("a")).isFalse();
        ObjectNode status = (ObjectNode) budgets.get("default", "web").get("status");
        assertThat(status.path("disruptionsAllowed").asInt()).isZero();
        assertThat(status.path("disruptedPods").has("a")).isTrue();
        assertThat(status.path("conditions").get(0).path("status").asText()).isEqualTo("False");
        assertThat(status.path("conditions").get(0).path("reason").asText())
                .isEqualTo("InsufficientPods");
        // The second eviction finds the budget spent until the controller recounts.
        assertThat(refused("b").code()).isEqualTo(429);
        assertThat(exists("b")).isTrue();
    }

    @Test
    void podsThatAreNotRunningOrNotReadyUnderAnAlwaysAllowBudgetIgnoreIt() {
        pod("pending", "Pending", false);
        pod("done", "Succeeded", false);
        pod("sick", "Running", false);
        budget("web", "{'observedGeneration':1,'disruptionsAllowed':0,'currentHealthy':0,"
                + "'desiredHealthy':1,'expectedPods':3}");
        ObjectNode b = budgets.get("default", "web");
        b.with("spec").put("unhealthyPodEvictionPolicy", "AlwaysAllow");
        budgets.update("default", "web", b, "", WriteOptions.DEFAULT);
        evict("pending");
        evict("done");
        // An update bumps the generation; the unready pod still goes under AlwaysAllow.
        evict("sick");
        assertThat(exists("pending") || exists("done") || exists("sick")).isFalse();
        assertThat(budgets.get("default", "web").path("status").path("disruptionsAllowed")
                .asInt()).isZero();
    }

    @Test
    void twoBudgetsOverOnePodAreAnError() {
        pod("a", "Running", true);
        budget("one", "{'observedGeneration':1,'disruptionsAllowed':1}");
        budget("two", "{'observedGeneration':1,'disruptionsAllowed':1}");
        StatusException e = refused("a");
        assertThat(e.code()).isEqualTo(500);
        assertThat(e.getMessage()).contains("more than one PodDisruptionBudget");
    }

    @Test
    void badEvictionsAreRefusedBeforeAnythingChanges() {
        pod("a", "Running", true);
        StatusException wrongName = catchThrowableOfType(StatusException.class,
                () -> PodEviction.evict(pods, budgets, "default", "a", RegistryFixture.json(
                        "{'metadata':{'name':'b'}}"), WriteOptions.DEFAULT));
        assertThat(wrongName.code()).isEqualTo(400);
        StatusException missing = catchThrowableOfType(StatusException.class,
                () -> evict("nope"));
        assertThat(missing.code()).isEqualTo(404);
        StatusException stale = catchThrowableOfType(StatusException.class,
                () -> PodEviction.evict(pods, budgets, "default", "a", RegistryFixture.json(
                        "{'metadata':{'name':'a'},'deleteOptions':{'preconditions':"
                                + "{'resourceVersion':'1'}}}"), WriteOptions.DEFAULT));
        assertThat(stale.code()).isEqualTo(409);
        PodEviction.evict(pods, budgets, "default", "a", RegistryFixture.json(
                "{'metadata':{'name':'a'}}"), new WriteOptions(true, "", false));
        assertThat(exists("a")).as("a dry run deletes nothing").isTrue();
    }
}
