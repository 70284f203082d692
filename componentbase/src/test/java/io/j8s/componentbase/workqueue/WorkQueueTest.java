package io.j8s.componentbase.workqueue;

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

    @Test
    void severalWorkersSyncDifferentKeysAtOnceButNeverOneKeyTwice() {
        java.util.Set<String> inSync = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger overlapping = new AtomicInteger();
        AtomicInteger maxParallel = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        try (WorkQueue queue = new WorkQueue("test", key -> {
            if (!inSync.add(key)) {
                overlapping.incrementAndGet();
            }
            maxParallel.accumulateAndGet(inSync.size(), Math::max);
            Thread.sleep(20);
            inSync.remove(key);
            calls.incrementAndGet();
        }).workers(4)) {
            queue.start();
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < 8; k++) {
                    queue.add("k" + k);
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 8 && inSync.isEmpty());
            assertThat(overlapping).hasValue(0);
            assertThat(maxParallel.get()).isGreaterThan(1);
        }
    }
}
