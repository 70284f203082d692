package io.j8s.apiserver.registry;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Upstream's check of a Service's {@code spec.externalIPs} entry: an IP address literal (never
 * a name: nothing here resolves) that is not special (unspecified, loopback, link-local,
 * link-local multicast), with upstream's messages.
 */
final class ExternalIps {
    private ExternalIps() {}

    /** Why {@code ip} may not be an external IP, or null when it may. */
    static String problem(String ip) {
        InetAddress address = literal(ip);
        if (address == null) {
            return "must be a valid IP address";
        }
        boolean v4 = address instanceof Inet4Address;
        if (address.isAnyLocalAddress()) {
            return "may not be unspecified (" + (v4 ? "0.0.0.0" : "::") + ")";
        }
        if (address.isLoopbackAddress()) {
            return "may not be in the loopback range (127.0.0.0/8, ::1/128)";
        }
        if (address.isLinkLocalAddress()) {
            return "may not be in the link-local range (169.254.0.0/16, fe80::/10)";
        }
        byte[] b = address.getAddress();
        if (v4 && (b[0] & 0xff) == 224 && b[1] == 0 && b[2] == 0
                || !v4 && (b[0] & 0xff) == 0xff && (b[1] & 0x0f) == 2) {
            return "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)";
        }
        return null;
    }

    /** The address of a dotted IPv4 or an IPv6 literal, else null; never a DNS lookup. */
    private static InetAddress literal(String ip) {
        boolean v4 = ip.matches("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
        boolean v6 = ip.contains(":") && ip.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
