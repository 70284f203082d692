package io.j8s.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.j8s.apiserver.pki.ClientCredentials;
import io.j8s.apiserver.pki.ClusterPki;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class X509AuthenticatorTest {
    @TempDir
    Path dir;

    ClusterPki pki;
    Authenticator authenticator;

    @BeforeEach
    void createPki() {
        pki = ClusterPki.loadOrCreate(dir.resolve("tls"), List.of("localhost"), List.of("127.0.0.1"));
        authenticator = Authenticator.x509(pki.caCertificate());
    }

    @Test
    void aClientCertificateOfTheClusterCaNamesUserAndGroups() throws Exception {
        X509Certificate cert = client(pki, "system:admin", List.of("system:masters"));

        assertThat(authenticator.authenticate(chain(cert))).contains(new UserInfo("system:admin", "",
                List.of("system:masters", "system:authenticated")));
    }

    @Test
    void everyOrganisationIsAGroup() throws Exception {
        X509Certificate cert = client(pki, "alice", List.of("dev", "ops"));

        assertThat(authenticator.authenticate(chain(cert)).orElseThrow().groups())
                .containsExactly("dev", "ops", "system:authenticated");
    }

    @Test
    void aChainThatAlsoCarriesTheCaStillVerifies() throws Exception {
        X509Certificate cert = client(pki, "bob", List.of());

        assertThat(authenticator.authenticate(chain(cert, pki.caCertificate())))
                .map(UserInfo::name).contains("bob");
    }

    @Test
    void aCertificateOfAnotherCaIsRejectedEvenThoughItNamesAnAdmin() throws Exception {
        ClusterPki other = ClusterPki.loadOrCreate(dir.resolve("other"), List.of("localhost"),
                List.of("127.0.0.1"));
        X509Certificate forged = client(other, "system:admin", List.of("system:masters"));

        assertThat(authenticator.authenticate(chain(forged))).isEmpty();
        assertThat(authenticator.authenticate(chain(forged, other.caCertificate()))).isEmpty();
    }

    @Test
    void theCaCertificateAloneIsNoIdentity() {
        assertThat(authenticator.authenticate(chain(pki.caCertificate()))).isEmpty();
    }

    @Test
    void aServingCertificateIsNotAClientCertificate() throws Exception {
        assertThat(authenticator.authenticate(chain(read(pki.servingCertFile())))).isEmpty();
    }

    @Test
    void anExpiredCertificateIsRejected() throws Exception {
        X509Certificate cert = client(pki, "carol", List.of());
        Clock nextYear = Clock.offset(Clock.system(ZoneOffset.UTC), Duration.ofDays(400));

        assertThat(new X509Authenticator(pki.caCertificate(), nextYear).authenticate(chain(cert))).isEmpty();
    }

    @Test
    void aRememberedChainStillExpiresAndAForgedOneIsNeverRemembered() throws Exception {
        X509Certificate cert = client(pki, "dave", List.of("dev"));
        MutableClock clock = new MutableClock();
        X509Authenticator remembering = new X509Authenticator(pki.caCertificate(), clock);
        assertThat(remembering.authenticate(chain(cert))).map(UserInfo::name).contains("dave");
        assertThat(remembering.authenticate(chain(cert))).map(UserInfo::name).contains("dave");

        clock.offset = Duration.ofDays(400); // past the certificate's notAfter
        assertThat(remembering.authenticate(chain(cert))).isEmpty();

        ClusterPki other = ClusterPki.loadOrCreate(dir.resolve("other"), List.of("localhost"),
                List.of("127.0.0.1"));
        X509Certificate forged = client(other, "dave", List.of("dev"));
        clock.offset = Duration.ZERO;
        assertThat(remembering.authenticate(chain(forged))).isEmpty();
        assertThat(remembering.authenticate(chain(forged))).isEmpty();
    }

    /** The system clock moved by {@code offset}. */
    private static final class MutableClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return Clock.systemUTC().instant().plus(offset);
        }
    }

    @Test
    void noCertificateIsNoUser() {
        assertThat(authenticator.authenticate(new RequestCredentials(List.of(), null))).isEmpty();
    }

    private static RequestCredentials chain(X509Certificate... certs) {
        return new RequestCredentials(List.of(certs), null);
    }

    static X509Certificate client(ClusterPki pki, String user, List<String> groups) throws Exception {
        ClientCredentials credentials = pki.clientCredentials(user, groups);
        return read(credentials.certFile());
    }

    static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
