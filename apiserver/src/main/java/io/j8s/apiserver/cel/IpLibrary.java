package io.j8s.apiserver.cel;

import static dev.cel.common.types.SimpleType.BOOL;
import static dev.cel.common.types.SimpleType.INT;
import static dev.cel.common.types.SimpleType.STRING;

import com.google.common.net.InetAddresses;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Kubernetes' IP and CIDR libraries: {@code ip(s)}, {@code isIP(s)}, {@code ip.isCanonical(s)},
 * {@code family}, {@code isUnspecified}, {@code isLoopback}, {@code isLinkLocalMulticast},
 * {@code isLinkLocalUnicast}, {@code isGlobalUnicast}; {@code cidr(s)}, {@code isCIDR(s)},
 * {@code containsIP}, {@code containsCIDR}, {@code ip()}, {@code masked()},
 * {@code prefixLength()}. Literals only: nothing is ever resolved.
 */
final class IpLibrary extends KubernetesLibrary {
    static final CelType IP = OpaqueType.create("net.IP");
    static final CelType CIDR = OpaqueType.create("net.CIDR");

    /** An address. */
    record Ip(InetAddress address) {
        @Override
        public String toString() {
            return InetAddresses.toAddrString(address);
        }
    }

    /** A prefix: an address and a length. */
    record Cidr(Ip ip, int prefix) {
        boolean contains(Ip other) {
            byte[] a = ip.address().getAddress();
            byte[] b = other.address().getAddress();
            if (a.length != b.length) {
                return false;
            }
            return network(a, prefix).equals(network(b, prefix));
        }

        @Override
        public String toString() {
            return ip + "/" + prefix;
        }
    }

    IpLibrary() {
        global("ip", "string_to_ip", IP, List.of(STRING), List.of(String.class),
                a -> ip((String) a[0]));
        global("isIP", "is_ip", BOOL, List.of(STRING), List.of(String.class),
                a -> parseIp((String) a[0]) != null);
        global("ip.isCanonical", "ip_is_canonical", BOOL, List.of(STRING), List.of(String.class),
                a -> ip((String) a[0]).toString().equals(a[0]));
        ipMember("family", INT, ip -> ip.address() instanceof Inet4Address ? 4L : 6L);
        ipMember("isUnspecified", BOOL, ip -> ip.address().isAnyLocalAddress());
        ipMember("isLoopback", BOOL, ip -> ip.address().isLoopbackAddress());
        ipMember("isLinkLocalMulticast", BOOL, ip -> ip.address().isMCLinkLocal());
        ipMember("isLinkLocalUnicast", BOOL, ip -> ip.address().isLinkLocalAddress());
        ipMember("isGlobalUnicast", BOOL, ip -> {
            InetAddress a = ip.address();
            return !(a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress()
                    || a.isLinkLocalAddress()
                    || (a instanceof Inet4Address && a.getHostAddress().equals("255.255.255.255")));
        });
        global("cidr", "string_to_cidr", CIDR, List.of(STRING), List.of(String.class),
                a -> cidr((String) a[0]));
        global("isCIDR", "is_cidr", BOOL, List.of(STRING), List.of(String.class),
                a -> parseCidr((String) a[0]) != null);
        member("containsIP", "cidr_contains_ip_ip", BOOL, List.of(CIDR, IP),
                List.of(Cidr.class, Ip.class), a -> ((Cidr) a[0]).contains((Ip) a[1]));
        member("containsIP", "cidr_contains_ip_string", BOOL, List.of(CIDR, STRING),
                List.of(Cidr.class, String.class),
                a -> ((Cidr) a[0]).contains(ip((String) a[1])));
        member("containsCIDR", "cidr_contains_cidr", BOOL, List.of(CIDR, CIDR),
                List.of(Cidr.class, Cidr.class), a -> containsCidr((Cidr) a[0], (Cidr) a[1]));
        member("containsCIDR", "cidr_contains_cidr_string", BOOL, List.of(CIDR, STRING),
                List.of(Cidr.class, String.class),
                a -> containsCidr((Cidr) a[0], cidr((String) a[1])));
        member("ip", "cidr_ip", IP, List.of(CIDR), List.of(Cidr.class), a -> ((Cidr) a[0]).ip());
        member("masked", "cidr_masked", CIDR, List.of(CIDR), List.of(Cidr.class), a -> {
            Cidr c = (Cidr) a[0];
            byte[] bytes = c.ip().address().getAddress();
            BigInteger net = network(bytes, c.prefix()).shiftLeft(bytes.length * 8 - c.prefix());
            return new Cidr(new Ip(address(net, bytes.length)), c.prefix());
        });
        member("prefixLength", "cidr_prefix_length", INT, List.of(CIDR), List.of(Cidr.class),
                a -> (long) ((Cidr) a[0]).prefix());
        global("string", "ip_to_string", STRING, List.of(IP), List.of(Ip.class),
                a -> a[0].toString());
        global("string", "cidr_to_string", STRING, List.of(CIDR), List.of(Cidr.class),
                a -> a[0].toString());
    }

    private void ipMember(String name, CelType result, java.util.function.Function<Ip, ?> f) {
        member(name, "ip_" + name, result, List.of(IP), List.of(Ip.class),
                a -> f.apply((Ip) a[0]));
    }

    private static boolean containsCidr(Cidr outer, Cidr inner) {
        return inner.prefix() >= outer.prefix() && outer.contains(inner.ip());
    }

    private static BigInteger network(byte[] bytes, int prefix) {
        int bits = bytes.length * 8;
        BigInteger value = new BigInteger(1, bytes);
        return value.shiftRight(bits - prefix);
    }

    private static InetAddress address(BigInteger network, int length) {
        byte[] raw = network.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - n, out, out.length - n, n);
        try {
            return InetAddress.getByAddress(out);
        } catch (java.net.UnknownHostException e) {
            throw error(e.getMessage());
        }
    }

    static Ip ip(String s) {
        Ip ip = parseIp(s);
        if (ip == null) {
            throw error("IP Address \"" + s + "\" parse error during conversion from string");
        }
        return ip;
    }

    static Cidr cidr(String s) {
        Cidr c = parseCidr(s);
        if (c == null) {
            throw error("network address parse error during conversion from string: invalid"
                    + " CIDR \"" + s + "\"");
        }
        return c;
    }

    /** An address literal; no zones, and an IPv4-mapped IPv6 address is refused as upstream. */
    static Ip parseIp(String s) {
        if (s == null || s.contains("%") || !InetAddresses.isInetAddress(s)) {
            return null;
        }
        InetAddress a = InetAddresses.forString(s);
        if (a instanceof Inet4Address && s.contains(":")) {
            return null;
        }
        if (a instanceof Inet4Address && s.matches(".*(^|\\.)0\\d.*")) {
            return null; // leading zeros are ambiguous
        }
        return new Ip(a);
    }

    static Cidr parseCidr(String s) {
        int slash = s == null ? -1 : s.indexOf('/');
        if (slash < 0) {
            return null;
        }
        Ip ip = parseIp(s.substring(0, slash));
        String len = s.substring(slash + 1);
        if (ip == null || !len.matches("\\d{1,3}")) {
            return null;
        }
        int prefix = Integer.parseInt(len);
        if (prefix > ip.address().getAddress().length * 8) {
            return null;
        }
        return new Cidr(ip, prefix);
    }
}
