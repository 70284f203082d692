package io.j8s.apiserver.kubeletproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.j8s.api.codec.Json;
import io.j8s.api.errors.StatusException;
import org.junit.jupiter.api.Test;

/** Which address and port of a Node the API server dials for its kubelet. */
class PodKubeletTest {

    @Test
    void internalIpWinsOverExternalIpAndHostnameWhateverTheOrder() throws Exception {
        JsonNode node = node("""
                [{"type":"Hostname","address":"n1"},{"type":"ExternalIP","address":"203.0.113.5"},
                 {"type":"InternalIP","address":"10.0.0.5"}]""", 10251);
        assertThat(PodKubelet.address(node)).isEqualTo("10.0.0.5");
        assertThat(PodKubelet.port(node)).isEqualTo(10251);
    }

    @Test
    void externalIpThenHostnameWhenThereIsNoInternalIp() throws Exception {
        assertThat(PodKubelet.address(node("""
                [{"type":"Hostname","address":"n1"},{"type":"ExternalIP","address":"203.0.113.5"}]
                """, 0))).isEqualTo("203.0.113.5");
        assertThat(PodKubelet.address(node("[{\"type\":\"Hostname\",\"address\":\"n1\"}]", 0)))
                .isEqualTo("n1");
    }

    @Test
    void thePortIs10250WhenTheNodeDoesNotSay() throws Exception {
        assertThat(PodKubelet.port(node("[]", 0))).isEqualTo(10250);
        assertThat(PodKubelet.port(Json.MAPPER.readTree("{}"))).isEqualTo(10250);
    }

    @Test
    void aNodeWithoutUsableAddressesIsABadRequest() throws Exception {
        assertThatThrownBy(() -> PodKubelet.address(node(
                "[{\"type\":\"InternalDNS\",\"address\":\"n1.local\"}]", 0)))
                .isInstanceOf(StatusException.class)
                .hasMessageContaining("no preferred addresses found; known addresses:"
                        + " [{InternalDNS n1.local}]");
    }

    @Test
    void anIpv6AddressIsBracketedInTheAuthority() {
        assertThat(new PodKubelet("fd00::5", 10250, "ns", "p", "c").authority())
                .isEqualTo("[fd00::5]:10250");
    }

    private static JsonNode node(String addresses, int port) throws Exception {
        return Json.MAPPER.readTree("{\"status\":{\"addresses\":" + addresses
                + (port > 0 ? ",\"daemonEndpoints\":{\"kubeletEndpoint\":{\"Port\":" + port + "}}"
                        : "") + "}}");
    }
}
