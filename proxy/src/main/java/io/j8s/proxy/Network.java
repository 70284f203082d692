package io.j8s.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What the rules need to know about the node: its pod range (traffic from outside it is
 * masqueraded), its service range (addresses no Service holds are rejected) and its addresses.
 *
 * @param clusterCidr null when unknown: then no source-based masquerade
 * @param serviceCidr null when unknown: then no reject of unassigned service addresses
 */
record Network(String clusterCidr, String serviceCidr, List<String> nodeIps) {
    /** The mark on packets to masquerade, kube-proxy's bit. */
    static final String MASQ_MARK = "0x4000";

    Network {
        nodeIps = List.copyOf(nodeIps);
    }

    /** 16 base32 characters of the SHA-256 of {@code text}: stable, short chain names. */
    static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            StringBuilder out = new StringBuilder(16);
            long bits = 0;
            int have = 0;
            int i = 0;
            while (out.length() < 16) {
                if (have < 5) {
                    bits = bits << 8 | (d[i++] & 0xff);
                    have += 8;
                }
                out.append(alphabet.charAt((int) (bits >> (have - 5)) & 31));
                have -= 5;
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
