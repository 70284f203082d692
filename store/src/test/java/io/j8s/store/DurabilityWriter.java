package io.j8s.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of the durability test: opens the store named on its command line and writes as
 * fast as it can from 8 threads, printing {@code ACK key revision} after each write is answered,
 * until it is killed.
 */
public final class DurabilityWriter {
    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Path dataDir = Path.of(args[1]);
        String prefix = args[2];
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Store store = Store.builder().endpoint(endpoint).dataDir(dataDir).retention(Duration.ZERO)
                .open();
        AtomicLong next = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (true) {
                    String key = prefix + String.format("%09d", next.incrementAndGet());
                    KeyValue kv = store.create(key, ("value of " + key).getBytes(StandardCharsets.UTF_8));
                    synchronized (out) {
                        out.println("ACK " + key + " " + kv.modRevision());
                        out.flush();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
