package io.j8s.scheduler.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.j8s.scheduler.TestPods;
import io.j8s.scheduler.framework.ClusterEvent;
import io.j8s.scheduler.framework.ClusterEvent.Action;
import io.j8s.scheduler.framework.ClusterEvent.Resource;
import io.j8s.scheduler.framework.PreEnqueuePlugin;
import io.j8s.scheduler.framework.QueuedPodInfo;
import io.j8s.scheduler.framework.Status;
import io.j8s.scheduler.plugins.prioritysort.PrioritySort;
import io.j8s.testkit.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {
    private final TestClock clock = new TestClock();
    private final PreEnqueuePlugin gates = new PreEnqueuePlugin() {
        @Override
        public String name() {
            return "SchedulingGates";
        }

        @Override
        public Status preEnqueue(Pod pod) {
            return pod.getSpec().getSchedulingGates() == null || pod.getSpec().getSchedulingGates().isEmpty()
                    ? Status.success() : Status.unresolvable("waiting for scheduling gates");
        }
    };
    private final SchedulingQueue queue = new SchedulingQueue(clock, new PrioritySort(null, null),
            Duration.ofSeconds(1), Duration.ofSeconds(10), profile -> List.of(gates),
            plugin -> Map.of("NodeResourcesFit", List.of(new ClusterEvent(Resource.NODE, Action.ADD),
                    new ClusterEvent(Resource.ASSIGNED_POD, Action.DELETE)),
                    "NodeAffinity", List.of(new ClusterEvent(Resource.NODE, Action.UPDATE_NODE_LABEL)))
                    .getOrDefault(plugin, List.of(ClusterEvent.ANY)));

    @Test
    void higherPriorityPodsComeFirstThenOlderOnes() {
        Pod low = TestPods.pod("low", "1");
        Pod high = new PodBuilder(TestPods.pod("high", "1")).editSpec().withPriority(1000).endSpec().build();
        queue.add(low);
        clock.advance(Duration.ofSeconds(1));
        Pod later = TestPods.pod("later", "1");
        queue.add(later);
        queue.add(high);
        assertThat(List.of(queue.poll(), queue.poll(), queue.poll()))
                .extracting(q -> q.pod().getMetadata().getName()).containsExactly("high", "low", "later");
    }

    @Test
    void backOffDoublesFromOneSecondToTenByAttempts() {
        assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(queue::backoffDuration).toList())
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(8), Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    @Test
    void aFailedPodWaitsOutItsBackOffBeforeItIsTriedAgain() {
        queue.add(TestPods.pod("p", "1"));
        QueuedPodInfo q = queue.poll();
        queue.addBackoff(q);
        queue.flushBackoffCompleted();
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMillis(999));
        queue.flushBackoffCompleted();
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMillis(1));
        queue.flushBackoffCompleted();
        QueuedPodInfo second = queue.poll();
        assertThat(second.attempts()).isEqualTo(2);
        queue.addBackoff(second);
        clock.advance(Duration.ofMillis(1999));
        queue.flushBackoffCompleted();
        assertThat(queue.poll()).isNull();
        clock.advance(Duration.ofMillis(1));
        queue.flushBackoffCompleted();
        assertThat(queue.poll()).isNotNull();
    }

    @Test
    void anUnschedulablePodMovesBackOnlyOnAnEventItsRejectingPluginRegistered() {
        queue.add(TestPods.pod("p", "100"));
        QueuedPodInfo q = queue.poll();
        long cycle = queue.schedulingCycle();
        queue.addUnschedulable(rejectedBy(q, "NodeResourcesFit"), cycle);
        assertThat(queue.where(q.pod())).isEqualTo("unschedulable");

        queue.onEvent(new ClusterEvent(Resource.NODE, Action.UPDATE_NODE_LABEL));
        assertThat(queue.where(q.pod())).isEqualTo("unschedulable");

        clock.advance(Duration.ofSeconds(2));
        queue.onEvent(new ClusterEvent(Resource.NODE, Action.ADD));
        assertThat(queue.where(q.pod())).isEqualTo("active");
        assertThat(queue.poll().pod().getMetadata().getName()).isEqualTo("p");
    }

    @Test
    void aPodMovedBeforeItsBackOffRanOutWaitsInTheBackOffQueue() {
        queue.add(TestPods.pod("p", "100"));
        QueuedPodInfo q = queue.poll();
        queue.addUnschedulable(rejectedBy(q, "NodeResourcesFit"), queue.schedulingCycle());
        queue.onEvent(new ClusterEvent(Resource.NODE, Action.ADD));
        assertThat(queue.where(q.pod())).isEqualTo("backoff");
        clock.advance(Duration.ofSeconds(1));
        queue.flushBackoffCompleted();
        assertThat(queue.where(q.pod())).isEqualTo("active");
    }

    @Test
    void anEventDuringThePodsCycleSendsItToBackOffNotToTheUnschedulableSet() {
        queue.add(TestPods.pod("p", "100"));
        QueuedPodInfo q = queue.poll();
        long cycle = queue.schedulingCycle();
        queue.onEvent(new ClusterEvent(Resource.NODE, Action.ADD));
        queue.addUnschedulable(rejectedBy(q, "NodeResourcesFit"), cycle);
        assertThat(queue.where(q.pod())).isEqualTo("backoff");
    }

    @Test
    void unschedulablePodsAreRetriedAfterFiveMinutesWithoutAnyEvent() {
        queue.add(TestPods.pod("p", "100"));
        QueuedPodInfo q = queue.poll();
        queue.addUnschedulable(rejectedBy(q, "NodeResourcesFit"), queue.schedulingCycle());
        clock.advance(Duration.ofMinutes(4));
        queue.flushUnschedulableLeftover();
        assertThat(queue.where(q.pod())).isEqualTo("unschedulable");
        clock.advance(Duration.ofMinutes(1));
        queue.flushUnschedulableLeftover();
        assertThat(queue.where(q.pod())).isEqualTo("active");
    }

    @Test
    void aGatedPodEntersTheActiveQueueWhenItsGatesAreRemoved() {
        Pod gated = new PodBuilder(TestPods.pod("g", "1")).editSpec().addNewSchedulingGate()
                .withName("example.com/wait").endSchedulingGate().endSpec().build();
        queue.add(gated);
        assertThat(queue.where(gated)).isEqualTo("gated");
        assertThat(queue.poll()).isNull();
        queue.update(new PodBuilder(gated).editSpec().withSchedulingGates(List.of()).endSpec().build());
        assertThat(queue.poll().pod().getMetadata().getName()).isEqualTo("g");
    }

    @Test
    void aStatusOnlyUpdateLeavesAnUnschedulablePodWhereItIs() {
        queue.add(TestPods.pod("p", "100"));
        QueuedPodInfo q = queue.poll();
        queue.addUnschedulable(rejectedBy(q, "NodeResourcesFit"), queue.schedulingCycle());
        queue.update(new PodBuilder(q.pod()).editOrNewMetadata().addToAnnotations(
                "scheduling.j8s.io/last-attempt", "{}").endMetadata().withNewStatus()
                .withPhase("Pending").endStatus().build());
        assertThat(queue.where(q.pod())).isEqualTo("unschedulable");
    }

    @Test
    void aThousandUnschedulablePodsLeaveNothingToPop() throws InterruptedException {
        for (int i = 0; i < 1000; i++) {
            queue.add(TestPods.pod("p" + i, "100"));
            QueuedPodInfo q = queue.poll();
            queue.addUnschedulable(rejectedBy(q, "NodeResourcesFit"), queue.schedulingCycle());
        }
        clock.advance(Duration.ofMinutes(1));
        queue.flushBackoffCompleted();
        queue.onEvent(new ClusterEvent(Resource.NODE, Action.UPDATE_NODE_LABEL));
        assertThat(queue.pop(Duration.ofMillis(50))).isNull();
        assertThat(queue.sizes()).containsEntry("unschedulable", 1000);
    }

    @Test
    void aFailedBindingOfAPodDeletedMeanwhileDoesNotRequeueIt() {
        queue.add(TestPods.pod("p", "1"));
        QueuedPodInfo q = queue.poll();
        queue.delete(q.pod());
        queue.addBackoff(q);
        clock.advance(Duration.ofSeconds(10));
        queue.flushBackoffCompleted();
        assertThat(queue.where(q.pod())).isNull();
    }

    private static QueuedPodInfo rejectedBy(QueuedPodInfo q, String plugin) {
        return new QueuedPodInfo(q.pod(), q.timestamp(), q.attempts(), q.initialAttempt(), Set.of(plugin));
    }
}
