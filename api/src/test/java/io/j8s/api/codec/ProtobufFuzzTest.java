package io.j8s.api.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.google.protobuf.Descriptors.Descriptor;
import io.j8s.api.errors.StatusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bytes off the network are hostile: random and mutated bodies must decode or be refused with
 * a StatusException (400, or 415 for valid bodies j8s cannot read), never anything else, and
 * never hang.
 */
class ProtobufFuzzTest {
    private static final int RUNS = 10_000;

    @Test
    void randomAndMutatedBodiesOnlyEverFailWithStatusException() {
        List<byte[]> seeds = seeds();
        Random random = new Random(20240601L);
        int decoded = 0;
        int refused = 0;
        List<String> wrong = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < RUNS; i++) {
            byte[] body = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                assertThat(Protobuf.decode(body)).isNotNull();
                decoded++;
            } catch (StatusException e) {
                assertThat(e.code()).as(e.getMessage()).isIn(400, 415);
                refused++;
            } catch (Throwable t) {
                wrong.add(t + " for " + Arrays.toString(body));
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(decoded).as("mutations that still decode").isGreaterThan(RUNS / 20);
        assertThat(refused).as("mutations refused").isGreaterThan(RUNS / 4);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void hugeDeclaredLengthsDoNotHang() {
        byte[] body = {'k', '8', 's', 0, 0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2};
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                Protobuf.decode(body);
            } catch (StatusException e) {
                assertThat(e.code()).isEqualTo(400);
            }
        });
    }

    /** Real bodies: the kinds kubectl creates, and every field of a few large kinds. */
    private static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        Map<String, Map<String, Descriptor>> all = ProtobufKinds.builtIn().all();
        for (String[] k : new String[][] {{"v1", "Pod"}, {"apps/v1", "Deployment"}, {"v1", "ConfigMap"},
                {"v1", "Secret"}, {"v1", "Service"}, {"v1", "Event"}, {"apps/v1", "ControllerRevision"},
                {"meta.k8s.io/v1", "WatchEvent"}, {"v1", "Namespace"}, {"batch/v1", "CronJob"}}) {
            seeds.add(ProtobufBodies.body(k[0], k[1], FullMessages.of(all.get(k[0]).get(k[1]))));
        }
        return seeds;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(7)) {
            case 0 -> { // flip a few bits
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    int i = 4 + random.nextInt(b.length - 4);
                    b[i] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, 4 + random.nextInt(b.length - 4)); // truncate
            case 2 -> { // overwrite a run with random bytes
                int i = 4 + random.nextInt(b.length - 4);
                for (int n = random.nextInt(16); n > 0 && i < b.length; n--) {
                    b[i++] = (byte) random.nextInt(256);
                }
            }
            case 3 -> { // insert random bytes
                int i = 4 + random.nextInt(b.length - 4);
                byte[] extra = new byte[1 + random.nextInt(8)];
                random.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, i);
                System.arraycopy(extra, 0, out, i, extra.length);
                System.arraycopy(b, i, out, i + extra.length, b.length - i);
                b = out;
            }
            case 4 -> { // random bytes behind the magic
                b = new byte[4 + random.nextInt(64)];
                random.nextBytes(b);
                b[0] = 'k';
                b[1] = '8';
                b[2] = 's';
                b[3] = 0;
            }
            case 5 -> { // plain random bytes
                b = new byte[random.nextInt(64)];
                random.nextBytes(b);
            }
            default -> { // a byte set to a varint continuation or a maximal length
                int i = 4 + random.nextInt(b.length - 4);
                b[i] = (byte) (random.nextBoolean() ? 0xff : 0x80);
            }
        }
        return b;
    }
}
