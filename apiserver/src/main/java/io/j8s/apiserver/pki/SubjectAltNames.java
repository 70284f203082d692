package io.j8s.apiserver.pki;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * The DNS names and IP addresses a serving certificate is valid for. IPs are compared as
 * addresses, so {@code ::1} and {@code 0:0:0:0:0:0:0:1} are the same; DNS names ignore case.
 */
record SubjectAltNames(Set<String> dnsNames, Set<InetAddress> ipAddresses) {
    SubjectAltNames {
        dnsNames = Collections.unmodifiableSet(new LinkedHashSet<>(dnsNames));
        ipAddresses = Collections.unmodifiableSet(new LinkedHashSet<>(ipAddresses));
    }

    static SubjectAltNames of(List<String> dnsNames, List<String> ipAddresses) {
        Set<String> dns = new LinkedHashSet<>();
        for (String name : dnsNames) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("empty DNS name in " + dnsNames);
            }
            dns.add(name.trim().toLowerCase(Locale.ROOT));
        }
        Set<InetAddress> ips = new LinkedHashSet<>();
        for (String ip : ipAddresses) {
            ips.add(literal(ip));
        }
        return new SubjectAltNames(dns, ips);
    }

    /** The SANs of a certificate; an unreadable extension counts as none. */
    static SubjectAltNames of(X509Certificate certificate) {
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                int type = (Integer) name.get(0);
                if (type == GeneralName.dNSName) {
                    dns.add((String) name.get(1));
                } else if (type == GeneralName.iPAddress) {
                    ips.add((String) name.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            return new SubjectAltNames(Set.of(), Set.of());
        }
        return of(dns, ips);
    }

    /** The names in {@code wanted} that this set lacks. */
    SubjectAltNames missing(SubjectAltNames wanted) {
        Set<String> dns = new LinkedHashSet<>(wanted.dnsNames);
        dns.removeAll(dnsNames);
        Set<InetAddress> ips = new LinkedHashSet<>(wanted.ipAddresses);
        ips.removeAll(ipAddresses);
        return new SubjectAltNames(dns, ips);
    }

    boolean isEmpty() {
        return dnsNames.isEmpty() && ipAddresses.isEmpty();
    }

    GeneralNames toGeneralNames() {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip.getHostAddress())));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(dnsNames);
        ipAddresses.forEach(ip -> all.add(ip.getHostAddress()));
        return String.join(", ", all);
    }

    /** An IP address literal, parsed without ever asking DNS. */
    private static InetAddress literal(String ip) {
        String s = ip == null ? "" : ip.trim();
        if (!IPAddress.isValid(s)) {
            throw new IllegalArgumentException("not an IP address: '" + ip + "'");
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: '" + ip + "'", e);
        }
    }
}
