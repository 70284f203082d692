package io.j8s.controllers.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WorkQueueTest {
    @Test
    void aKeyAddedManyTimesBeforeItsSyncIsSyncedOnce() {
        List<String> synced = new CopyOnWriteArrayList<>();
        try (WorkQueue queue = new WorkQueue("test", synced::add)) {
            queue.add("a");
            queue.add("a");
            queue.add("b");
            queue.add("a");
            queue.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> synced.size() >= 2);
            queue.add("c");
            await().atMost(Duration.ofSeconds(5)).until(() -> synced.contains("c"));
            assertThat(synced).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aFailingSyncIsRetriedUntilItSucceeds() {
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        try (WorkQueue queue = new WorkQueue("test", key -> {
            if (calls.incrementAndGet() < 4) {
                throw new IllegalStateException("not yet");
            }
            done.countDown();
        })) {
            queue.start();
            queue.add("k");
            await().atMost(Duration.ofSeconds(5)).until(() -> done.getCount() == 0);
            assertThat(calls).hasValue(4);
        }
    }

    @Test
    void aKeyAddedWhileItIsSyncedIsSyncedAgainAfterwards() throws Exception {
        CountDownLatch inSync = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (WorkQueue queue = new WorkQueue("test", key -> {
            if (calls.incrementAndGet() == 1) {
                inSync.countDown();
                release.await();
            }
        })) {
            queue.start();
            queue.add("k");
            inSync.await();
            queue.add("k");
            release.countDown();
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
        }
    }
}
