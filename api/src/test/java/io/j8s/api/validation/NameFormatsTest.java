package io.j8s.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameFormatsTest {
    static final String SUBDOMAIN_ERROR = "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
            + "character (e.g. 'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    static final String LABEL_ERROR = "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character "
            + "(e.g. 'my-name',  or '123-abc', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    static final String DNS1035_ERROR = "a DNS-1035 label must consist of lower case alphanumeric "
            + "characters or '-', start with an alphabetic character, and end with an alphanumeric "
            + "character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
            + "'[a-z]([-a-z0-9]*[a-z0-9])?')";

    @Test
    void subdomains() {
        assertThat(NameFormats.dns1123Subdomain("example.com")).isEmpty();
        assertThat(NameFormats.dns1123Subdomain("a")).isEmpty();
        assertThat(NameFormats.dns1123Subdomain("0-0.a-b.9")).isEmpty();
        assertThat(NameFormats.dns1123Subdomain("Foo_Bar")).containsExactly(SUBDOMAIN_ERROR);
        assertThat(NameFormats.dns1123Subdomain("")).containsExactly(SUBDOMAIN_ERROR);
        assertThat(NameFormats.dns1123Subdomain("a..b")).containsExactly(SUBDOMAIN_ERROR);
        assertThat(NameFormats.dns1123Subdomain("a.")).containsExactly(SUBDOMAIN_ERROR);
        assertThat(NameFormats.dns1123Subdomain("-a")).containsExactly(SUBDOMAIN_ERROR);
        assertThat(NameFormats.dns1123Subdomain("a".repeat(253))).isEmpty();
        assertThat(NameFormats.dns1123Subdomain("a".repeat(254)))
                .containsExactly("must be no more than 253 characters");
    }

    @Test
    void labels() {
        assertThat(NameFormats.dns1123Label("my-name")).isEmpty();
        assertThat(NameFormats.dns1123Label("123-abc")).isEmpty();
        assertThat(NameFormats.dns1123Label("a.b")).containsExactly("must not contain dots");
        assertThat(NameFormats.dns1123Label("a_b")).containsExactly(LABEL_ERROR);
        assertThat(NameFormats.dns1123Label("a".repeat(63))).isEmpty();
        assertThat(NameFormats.dns1123Label("a".repeat(64)))
                .containsExactly("must be no more than 63 characters");
        assertThat(NameFormats.dns1123Label("A".repeat(64)))
                .containsExactly("must be no more than 63 characters", LABEL_ERROR);
    }

    @Test
    void lengthsCountUtf8BytesAsGoDoes() {
        assertThat(NameFormats.dns1123Label("é".repeat(32)))
                .containsExactly("must be no more than 63 characters", LABEL_ERROR);
        assertThat(NameFormats.dns1123Label("é".repeat(31))).containsExactly(LABEL_ERROR);
    }

    @Test
    void dns1035Labels() {
        assertThat(NameFormats.dns1035Label("my-svc")).isEmpty();
        assertThat(NameFormats.dns1035Label("1svc")).containsExactly(DNS1035_ERROR);
        assertThat(NameFormats.dns1035Label("")).containsExactly(DNS1035_ERROR);
        assertThat(NameFormats.dns1035Label("svc-")).containsExactly(DNS1035_ERROR);
    }

    @Test
    void pathSegmentNames() {
        assertThat(NameFormats.pathSegmentName("system:admin")).isEmpty();
        assertThat(NameFormats.pathSegmentName(".")).containsExactly("may not be '.'");
        assertThat(NameFormats.pathSegmentName("..")).containsExactly("may not be '..'");
        assertThat(NameFormats.pathSegmentName("a/b%c"))
                .containsExactly("may not contain '/'", "may not contain '%'");
        assertThat(NameFormats.pathSegmentPrefix("..")).isEmpty();
    }

    @Test
    void generateNamePrefixesMaskTheTrailingDashAsUpstream() {
        assertThat(NameRule.maskTrailingDash("foo-")).isEqualTo("foa");
        assertThat(NameRule.maskTrailingDash("-")).isEqualTo("-");
        assertThat(NameRule.maskTrailingDash("foo")).isEqualTo("foo");
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", true)).isEmpty();
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", false)).containsExactly(SUBDOMAIN_ERROR);
        assertThat(NameRule.DNS1123_LABEL.check("Web-", true)).containsExactly(LABEL_ERROR);
        assertThat(NameRule.DNS1035_LABEL.check("a-", true)).isEmpty();
        assertThat(NameRule.PATH_SEGMENT.check("..", true)).isEmpty();
        assertThat(NameRule.PATH_SEGMENT.check("..", false)).containsExactly("may not be '..'");
    }
}
