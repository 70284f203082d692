package io.j8s.apiserver.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream's RequestInfo cases (requestinfo_test.go), each parsed as the server parses it. */
class RequestInfoTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # method | url | verb | prefix | group | version | namespace | resource | subresource | name | parts
            GET    | /api/v1/namespaces                              | list   | api  | -          | v1 | -     | namespaces | -     | -     | namespaces
            GET    | /api/v1/namespaces/other                        | get    | api  | -          | v1 | other | namespaces | -     | other | namespaces/other
            GET    | /api/v1/namespaces/other/pods                   | list   | api  | -          | v1 | other | pods       | -     | -     | pods
            GET    | /api/v1/namespaces/other/pods/foo               | get    | api  | -          | v1 | other | pods       | -     | foo   | pods/foo
            HEAD   | /api/v1/namespaces/other/pods/foo               | get    | api  | -          | v1 | other | pods       | -     | foo   | pods/foo
            GET    | /api/v1/pods                                    | list   | api  | -          | v1 | -     | pods       | -     | -     | pods
            HEAD   | /api/v1/pods                                    | list   | api  | -          | v1 | -     | pods       | -     | -     | pods
            GET    | /api/v1/proxy/namespaces/other/pods/foo         | proxy  | api  | -          | v1 | other | pods       | -     | foo   | pods/foo
            GET    | /api/v1/proxy/namespaces/other/pods/foo/subpath/not/a/subresource | proxy | api | - | v1 | other | pods | - | foo | pods/foo/subpath/not/a/subresource
            GET    | /api/v1/watch/pods                              | watch  | api  | -          | v1 | -     | pods       | -     | -     | pods
            GET    | /api/v1/pods?watch=true                         | watch  | api  | -          | v1 | -     | pods       | -     | -     | pods
            GET    | /api/v1/pods?watch=True                         | watch  | api  | -          | v1 | -     | pods       | -     | -     | pods
            GET    | /api/v1/pods?watch=                             | watch  | api  | -          | v1 | -     | pods       | -     | -     | pods
            GET    | /api/v1/pods?watch=false                        | list   | api  | -          | v1 | -     | pods       | -     | -     | pods
            GET    | /api/v1/pods?watch=FALSE                        | list   | api  | -          | v1 | -     | pods       | -     | -     | pods
            GET    | /api/v1/watch/namespaces/other/pods             | watch  | api  | -          | v1 | other | pods       | -     | -     | pods
            GET    | /api/v1/watch/namespaces/other/pods/foo         | watch  | api  | -          | v1 | other | pods       | -     | foo   | pods/foo
            GET    | /api/v1/namespaces/other/pods?watch=1           | watch  | api  | -          | v1 | other | pods       | -     | -     | pods
            GET    | /api/v1/namespaces/other/pods?watch=0           | list   | api  | -          | v1 | other | pods       | -     | -     | pods
            GET    | /api/v1/namespaces/other/pods/foo?watch=true    | get    | api  | -          | v1 | other | pods       | -     | foo   | pods/foo
            GET    | /api/v1/namespaces/other/pods/foo/status        | get    | api  | -          | v1 | other | pods       | status | foo  | pods/foo/status
            GET    | /api/v1/namespaces/other/pods/foo/proxy/subpath | get    | api  | -          | v1 | other | pods       | proxy | foo   | pods/foo/proxy/subpath
            GET    | /api/v1/namespaces/other/pods/foo/log           | get    | api  | -          | v1 | other | pods       | log   | foo   | pods/foo/log
            PUT    | /api/v1/namespaces/other/finalize               | update | api  | -          | v1 | other | namespaces | finalize | other | namespaces/other/finalize
            PUT    | /api/v1/namespaces/other/status                 | update | api  | -          | v1 | other | namespaces | status | other | namespaces/other/status
            PATCH  | /api/v1/namespaces/other/pods/foo               | patch  | api  | -          | v1 | other | pods       | -     | foo   | pods/foo
            DELETE | /api/v1/namespaces/other/pods/foo               | delete | api  | -          | v1 | other | pods       | -     | foo   | pods/foo
            POST   | /api/v1/namespaces/other/pods                   | create | api  | -          | v1 | other | pods       | -     | -     | pods
            DELETE | /api/v1/nodes                                   | deletecollection | api | - | v1 | -     | nodes      | -     | -     | nodes
            DELETE | /api/v1/namespaces                              | deletecollection | api | - | v1 | -     | namespaces | -     | -     | namespaces
            DELETE | /api/v1/namespaces/other/pods                   | deletecollection | api | - | v1 | other | pods       | -     | -     | pods
            DELETE | /apis/extensions/v1/namespaces/other/pods       | deletecollection | apis | extensions | v1 | other | pods | - | - | pods
            POST   | /apis/extensions/v1/namespaces/other/pods       | create | apis | extensions | v1 | other | pods       | -     | -     | pods
            POST   | /apis/extensions/v1beta3/namespaces/other/pods  | create | apis | extensions | v1beta3 | other | pods  | -     | -     | pods
            GET    | /apis/apps/v1/watch/namespaces/a/deployments    | watch  | apis | apps       | v1 | a     | deployments | -    | -     | deployments
            POST   | /apis/apps/v1/namespaces/a/deployments/web/scale | create | apis | apps      | v1 | a     | deployments | scale | web  | deployments/web/scale
            GET    | /api/version/resource                           | list   | api  | -          | version | - | resource  | -     | -     | resource
            GET    | /apis/group/version/resource/name/subresource   | get    | apis | group      | version | - | resource  | subresource | name | resource/name/subresource
            GET    | /api/version/resource/name/subresource/another/one | get | api | -         | version | - | resource  | subresource | name | resource/name/subresource/another/one
            GET    | /api/v1/namespaces/ns/pods?fieldSelector=metadata.name%3Dweb | list | api | - | v1 | ns | pods   | -     | web   | pods
            GET    | /api/v1/namespaces/ns/pods?watch=1&fieldSelector=spec.nodeName%3Dn,metadata.name%3D%3Dweb | watch | api | - | v1 | ns | pods | - | web | pods
            GET    | /api/v1/namespaces/ns/pods?fieldSelector=metadata.name!%3Dweb | list | api | - | v1 | ns | pods   | -     | -     | pods
            GET    | /api/v1/namespaces/ns/pods?fieldSelector=metadata.name%3D.. | list | api | - | v1 | ns | pods     | -     | -     | pods
            """)
    void resourceRequests(String method, String url, String verb, String prefix, String group,
            String version, String namespace, String resource, String subresource, String name,
            String parts) {
        RequestInfo info = parse(method, url);
        assertThat(info.resourceRequest()).isTrue();
        assertThat(info).extracting(RequestInfo::verb, RequestInfo::apiPrefix,
                RequestInfo::apiGroup, RequestInfo::apiVersion, RequestInfo::namespace,
                RequestInfo::resource, RequestInfo::subresource, RequestInfo::name)
                .containsExactly(verb, prefix, orEmpty(group), version, orEmpty(namespace),
                        resource, orEmpty(subresource), orEmpty(name));
        assertThat(String.join("/", info.parts())).isEqualTo(parts);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /                            | get
            GET    | /api                         | get
            GET    | /api/                        | get
            GET    | /api/v1                      | get
            GET    | /api/v1/                     | get
            GET    | /apis                        | get
            GET    | /apis/                       | get
            GET    | /apis/apps                   | get
            GET    | /apis/apps/v1                | get
            GET    | /apis/apps/v1/               | get
            GET    | /apis/version/resource       | get
            GET    | /badprefix/version/resource  | get
            GET    | /healthz                     | get
            POST   | /healthz                     | post
            GET    | /metrics                     | get
            GET    | /openapi/v3/apis/apps/v1     | get
            HEAD   | /version                     | head
            """)
    void nonResourceRequestsKeepTheirPathAndTheMethodAsVerb(String method, String url,
            String verb) {
        RequestInfo info = parse(method, url);
        assertThat(info.resourceRequest()).isFalse();
        assertThat(info.verb()).isEqualTo(verb);
        assertThat(info.path()).isEqualTo(url);
        assertThat(info.resource()).isEmpty();
        assertThat(info.namespace()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/namespaces/a/pods        | true
            /api/v1/watch/namespaces/a/pods  | true
            /api/v1/namespaces/a             | false
            /api/v1/namespaces/a/status      | false
            /api/v1/namespaces               | false
            /api/v1/pods                     | false
            """)
    void aNamespaceInFrontOfAResourceIsToldFromTheNamespaceItself(String url, boolean prefixed) {
        assertThat(parse("GET", url).namespacePrefix()).isEqualTo(prefixed);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/v1/pods                              | false | false
            GET    | /api/v1/pods?watch=true                   | false | true
            POST   | /api/v1/namespaces/a/pods                 | true  | false
            DELETE | /api/v1/namespaces/a/pods                 | true  | false
            GET    | /api/v1/namespaces/a/pods/p/log           | false | true
            POST   | /api/v1/namespaces/a/pods/p/exec          | true  | true
            GET    | /healthz                                  | false | false
            POST   | /healthz                                  | true  | false
            """)
    void mutatingAndLongRunningAsUpstreamCountsThem(String method, String url, boolean mutating,
            boolean longRunning) {
        RequestInfo info = parse(method, url);
        assertThat(info.mutating()).isEqualTo(mutating);
        assertThat(info.longRunning()).isEqualTo(longRunning);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static RequestInfo parse(String method, String url) {
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
                        StandardCharsets.UTF_8);
                query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        return RequestInfo.parse(method, path, query);
    }
}
