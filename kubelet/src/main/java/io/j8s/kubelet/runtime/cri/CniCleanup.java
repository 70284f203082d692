package io.j8s.kubelet.runtime.cri;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Removes what the CNI plugins leave on the host once no pod uses them (for {@code --cleanup} and
 * tests): the {@code cni0} bridge when nothing is attached to it, and portmap's shared chains
 * {@code CNI-HOSTPORT-*} with the jumps to them when they hold no port any more. Pods' own rules
 * and veths go with their sandboxes (CNI DEL); anything still in use is left alone.
 */
public final class CniCleanup {
    private static final Logger LOG = Logger.getLogger(CniCleanup.class.getName());
    private static final String PREFIX = "CNI-HOSTPORT-";

    private CniCleanup() {}

    /** Removes what is unused; returns what it removed, one line each. */
    public static List<String> run() {
        List<String> removed = new ArrayList<>();
        Path ports = Path.of("/sys/class/net", CniConfig.BRIDGE, "brif");
        if (Files.isDirectory(ports) && isEmpty(ports) && exec("ip", "link", "delete", CniConfig.BRIDGE) != null) {
            removed.add("bridge " + CniConfig.BRIDGE);
        }
        for (String iptables : List.of("iptables", "ip6tables")) {
            removed.addAll(hostPortChains(iptables));
        }
        if (!removed.isEmpty()) {
            LOG.info("removed what the CNI plugins left: " + String.join(", ", removed));
        }
        return removed;
    }

    private static List<String> hostPortChains(String iptables) {
        String rules = exec(iptables, "-w", "-t", "nat", "-S");
        if (rules == null || !rules.contains("-N " + PREFIX + "DNAT")) {
            return List.of();
        }
        if (rules.lines().anyMatch(l -> l.startsWith("-A " + PREFIX + "DNAT "))) {
            return List.of(); // a hostPort is still mapped
        }
        List<String> removed = new ArrayList<>();
        for (String rule : rules.lines().toList()) {
            List<String> words = words(rule);
            if (words.size() > 2 && words.get(0).equals("-A") && !words.get(1).startsWith(PREFIX)
                    && words.get(words.size() - 2).equals("-j") && words.get(words.size() - 1).startsWith(PREFIX)) {
                List<String> delete = new ArrayList<>(List.of(iptables, "-w", "-t", "nat", "-D"));
                delete.addAll(words.subList(1, words.size()));
                if (exec(delete.toArray(String[]::new)) != null) {
                    removed.add(iptables + " nat " + rule);
                }
            }
        }
        for (String rule : rules.lines().toList()) {
            if (rule.startsWith("-N " + PREFIX)) {
                String chain = rule.substring(3).strip();
                exec(iptables, "-w", "-t", "nat", "-F", chain);
                if (exec(iptables, "-w", "-t", "nat", "-X", chain) != null) {
                    removed.add(iptables + " nat chain " + chain);
                }
            }
        }
        return removed;
    }

    /** The words of an iptables -S line, with "quoted strings" as one word. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (c == '\\' && quoted && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == ' ' && !quoted) {
                if (any || word.length() > 0) {
                    words.add(word.toString());
                }
                word.setLength(0);
                any = false;
            } else {
                word.append(c);
            }
        }
        if (any || word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** The command's output, or null when it failed or is missing. */
    private static String exec(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
