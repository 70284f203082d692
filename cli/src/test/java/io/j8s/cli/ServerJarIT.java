package io.j8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The runnable jar that users deploy carries no benchmark and no test kit: the test kit installs
 * packages with apt and starts etcd, which has no place in a server. {@code ./j8s bench} runs the
 * bench module's own jar instead.
 */
class ServerJarIT {
    @Test
    void theServerJarCarriesNeitherTheTestKitNorTheBenchmarks() throws Exception {
        try (JarFile jar = new JarFile(Path.of("target", "j8s.jar").toFile())) {
            List<String> classes = jar.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".class"))
                    .toList();
            assertThat(classes).as("the server jar's classes").contains("io/j8s/cli/J8s.class");
            assertThat(classes).as("test kit and benchmark classes in the server jar")
                    .noneMatch(n -> n.startsWith("io/j8s/testkit/")
                            || n.startsWith("io/j8s/bench/"));
        }
    }
}
