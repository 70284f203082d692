package io.j8s.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one query in wire format: names of the cluster zone from the {@link DnsIndex} (and pod
 * names {@code a-b-c-d.ns.pod.ZONE} from the name itself), reverse names the index holds, and
 * {@code null} for every other name, which the caller forwards (NXDOMAIN when forwarding is off). A packet that does not parse gets
 * FORMERR; NXDOMAIN and NODATA carry the zone's SOA. Answers of the zone are cached by their
 * question until the index changes.
 */
final class DnsResponder {
    private static final int MAX_CACHED = 10_000;
    private final DnsIndex index;
    private final Name zone;
    private final Name podZone;
    private final SOARecord soa;
    private final NSRecord ns;
    private final boolean forwarding;
    private final Map<ByteBuffer, Cached> udpCache = new ConcurrentHashMap<>();
    private final Map<ByteBuffer, Cached> tcpCache = new ConcurrentHashMap<>();

    private record Cached(long generation, byte[] wire) {}

    DnsResponder(DnsIndex index, boolean forwarding) {
        this.index = index;
        this.zone = index.zone();
        this.forwarding = forwarding;
        try {
            this.podZone = Name.concatenate(Name.fromConstantString("pod"), zone);
            Name nsName = Name.concatenate(Name.fromConstantString("ns.dns"), zone);
            this.soa = new SOARecord(zone, DClass.IN, ServiceRecords.TTL, nsName,
                    Name.concatenate(Name.fromConstantString("hostmaster"), zone),
                    1, 7200, 1800, 86400, ServiceRecords.TTL);
            this.ns = new NSRecord(zone, DClass.IN, ServiceRecords.TTL, nsName);
        } catch (IOException e) {
            throw new IllegalArgumentException("zone " + zone + " is too long", e);
        }
    }

    /**
     * The answer to {@code query[0..length)}, or null when the name is not the cluster's and the
     * query goes to the upstream resolvers. Never throws on bad input.
     */
    byte[] answer(byte[] query, int length, boolean tcp) {
        Map<ByteBuffer, Cached> cache = tcp ? tcpCache : udpCache;
        ByteBuffer key = length > 12 ? ByteBuffer.wrap(query, 2, length - 2) : null;
        long generation = index.generation();
        if (key != null) {
            Cached hit = cache.get(key);
            if (hit != null && hit.generation() == generation) {
                return withId(hit.wire(), query);
            }
        }
        Message q;
        try {
            q = new Message(length == query.length ? query : Arrays.copyOf(query, length));
        } catch (IOException | RuntimeException e) {
            return formErr(query, length);
        }
        Record question = q.getQuestion();
        if (q.getHeader().getFlag(Flags.QR) || q.getHeader().getOpcode() != Opcode.QUERY
                || question == null || q.getSection(Section.QUESTION).size() != 1) {
            return response(q, q.getHeader().getOpcode() != Opcode.QUERY ? Rcode.NOTIMP
                    : Rcode.FORMERR).toWire();
        }
        Name name = question.getName();
        boolean ours = name.subdomain(zone);
        if (!ours && !index.exists(name)) {
            if (forwarding) {
                return null;
            }
            // NXDOMAIN, not REFUSED: resolvers that ask a dotted name as it is first (busybox)
            // stop at REFUSED but go on along the search path after NXDOMAIN
            return response(q, Rcode.NXDOMAIN).toWire();
        }
        byte[] wire = zoneAnswer(q, question, tcp);
        if (key != null) {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            byte[] copy = Arrays.copyOfRange(query, 2, length);
            cache.put(ByteBuffer.wrap(copy), new Cached(generation, wire));
        }
        return wire;
    }

    private static final Name REVERSE_V4 = Name.fromConstantString("in-addr.arpa.");
    private static final Name REVERSE_V6 = Name.fromConstantString("ip6.arpa.");

    private byte[] zoneAnswer(Message q, Record question, boolean tcp) {
        Name name = question.getName();
        int type = question.getType();
        Message r = response(q, Rcode.NOERROR);
        r.getHeader().setFlag(Flags.AA);
        List<Record> records = name.equals(zone) ? List.of(soa, ns) : index.records(name);
        boolean exists = name.equals(zone) || index.exists(name);
        if (!exists && name.subdomain(podZone) && name.labels() == podZone.labels() + 2) {
            InetAddress pod = podAddress(name);
            if (pod != null) {
                exists = true;
                records = List.of(new ARecord(name, DClass.IN, ServiceRecords.TTL, pod));
            }
        }
        if (!exists) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        boolean answered = false;
        for (Record rec : records) {
            if (rec.getType() == type || type == Type.ANY
                    || (rec instanceof CNAMERecord && type != Type.CNAME)) {
                r.addRecord(rec.getName().equals(name) ? rec.withName(name) : rec, Section.ANSWER);
                answered = true;
                if (rec instanceof SRVRecord srv) {
                    for (Record extra : index.records(srv.getTarget())) {
                        if (extra.getType() == Type.A || extra.getType() == Type.AAAA) {
                            r.addRecord(extra, Section.ADDITIONAL);
                        }
                    }
                }
            }
        }
        if (!answered) {
            r.addRecord(soa, Section.AUTHORITY);
        }
        int max = tcp ? 65_535 : udpSize(q);
        return r.toWire(max);
    }

    /** {@code 10-42-0-5.ns.pod.ZONE}: 10.42.0.5, or null when the first label is no dashed IPv4. */
    private static InetAddress podAddress(Name name) {
        String[] parts = name.getLabelString(0).split("-", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            ip[i] = (byte) v;
        }
        try {
            return InetAddress.getByAddress(ip);
        } catch (IOException e) {
            return null;
        }
    }

    private static int udpSize(Message q) {
        OPTRecord opt = q.getOPT();
        return opt == null ? 512 : Math.max(512, Math.min(opt.getPayloadSize(), 4096));
    }

    private static Message response(Message q, int rcode) {
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.getHeader().setFlag(Flags.RA);
        r.getHeader().setOpcode(q.getHeader().getOpcode());
        r.getHeader().setRcode(rcode);
        if (q.getQuestion() != null) {
            r.addRecord(q.getQuestion(), Section.QUESTION);
        }
        if (q.getOPT() != null) {
            r.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        }
        return r;
    }

    /** A FORMERR header with the query's ID (when it has one): the question is not trusted. */
    static byte[] formErr(byte[] query, int length) {
        if (length < 2) {
            return null;
        }
        byte[] out = new byte[12];
        out[0] = query[0];
        out[1] = query[1];
        out[2] = (byte) 0x80; // QR
        out[3] = (byte) Rcode.FORMERR;
        return out;
    }

    /** A SERVFAIL for a query whose forwarding failed. */
    static byte[] servFail(byte[] query, int length) {
        try {
            Message q = new Message(Arrays.copyOf(query, length));
            return response(q, Rcode.SERVFAIL).toWire();
        } catch (IOException | RuntimeException e) {
            return formErr(query, length);
        }
    }

    private static byte[] withId(byte[] wire, byte[] query) {
        byte[] out = wire.clone();
        out[0] = query[0];
        out[1] = query[1];
        return out;
    }
}
