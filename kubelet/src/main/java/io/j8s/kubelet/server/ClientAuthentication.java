package io.j8s.kubelet.server;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Who may use the kubelet API: a client certificate of the cluster CA (TLS already checked the
 * chain) names the user (CN) and groups (O). Without one the answer is 401; a user the authorizer
 * refuses gets the kubelet's 403, which names the verb and the nodes subresource the path stands
 * for. Upstream asks the API server (SubjectAccessReview); here the authorizer is a predicate.
 */
@ChannelHandler.Sharable
final class ClientAuthentication extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final BiPredicate<String, List<String>> authorizer;

    ClientAuthentication(BiPredicate<String, List<String>> authorizer) {
        super(false);
        this.authorizer = authorizer;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        X509Certificate client = peer(ctx);
        if (client == null) {
            request.release();
            PlainText.reply(ctx, HttpResponseStatus.UNAUTHORIZED, "Unauthorized");
            return;
        }
        String user = null;
        List<String> groups = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(client.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    user = rdn.getValue().toString();
                } else if (rdn.getType().equalsIgnoreCase("O")) {
                    groups.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            user = null;
        }
        if (user == null) {
            request.release();
            PlainText.reply(ctx, HttpResponseStatus.UNAUTHORIZED, "Unauthorized");
            return;
        }
        if (!authorizer.test(user, List.copyOf(groups))) {
            String path = new QueryStringDecoder(request.uri()).path();
            String verb = verb(request.method());
            request.release();
            PlainText.reply(ctx, HttpResponseStatus.FORBIDDEN, "Forbidden (user=" + user + ", verb="
                    + verb + ", resource=nodes, subresource=" + subresource(path) + ")");
            return;
        }
        ctx.fireChannelRead(request);
    }

    private static X509Certificate peer(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        if (tls == null) {
            return null;
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /** The kubelet's mapping of paths to node subresources. */
    private static String subresource(String path) {
        if (path.startsWith("/stats")) {
            return "stats";
        }
        if (path.startsWith("/metrics")) {
            return "metrics";
        }
        if (path.startsWith("/logs")) {
            return "log";
        }
        return "proxy";
    }

    private static String verb(HttpMethod method) {
        if (method.equals(HttpMethod.POST)) {
            return "create";
        }
        if (method.equals(HttpMethod.PUT)) {
            return "update";
        }
        if (method.equals(HttpMethod.PATCH)) {
            return "patch";
        }
        if (method.equals(HttpMethod.DELETE)) {
            return "delete";
        }
        return "get";
    }
}
