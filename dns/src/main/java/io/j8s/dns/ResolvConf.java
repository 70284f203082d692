package io.j8s.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code nameserver} lines of a resolv.conf, and the {@code --dns-upstream} flag's values. */
public final class ResolvConf {
    private ResolvConf() {}

    /** The nameservers of {@code file} on port 53; empty when it cannot be read. */
    public static List<InetSocketAddress> nameservers(Path file) {
        List<InetSocketAddress> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    InetSocketAddress a = parse(f[1]);
                    if (a != null) {
                        out.add(a);
                    }
                }
            }
        } catch (IOException e) {
            // no resolvers to forward to
        }
        return out;
    }

    /**
     * {@code IP}, {@code IP:PORT} or {@code [IPv6]:PORT}, or null when it is none of them (a host
     * name is refused: resolving it would need the DNS being configured).
     */
    public static InetSocketAddress parse(String value) {
        String host = value;
        int port = 53;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return null;
            }
            host = value.substring(1, end);
            if (value.length() > end + 1) {
                if (value.charAt(end + 1) != ':') {
                    return null;
                }
                port = port(value.substring(end + 2));
            }
        } else if (value.indexOf(':') == value.lastIndexOf(':') && value.indexOf(':') > 0) {
            host = value.substring(0, value.indexOf(':'));
            port = port(value.substring(value.indexOf(':') + 1));
        }
        if (port < 1 || port > 65_535 || ServiceRecords.address(host) == null) {
            return null;
        }
        return new InetSocketAddress(ServiceRecords.address(host), port);
    }

    private static int port(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
