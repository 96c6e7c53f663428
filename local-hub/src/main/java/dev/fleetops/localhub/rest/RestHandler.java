package dev.fleetops.localhub.rest;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Adapts Netty HTTP requests to {@link RestApi} and writes its answers back, keeping connections alive. */
final class RestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final RestApi api;

    RestHandler(RestApi api) {
        this.api = api;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!request.decoderResult().isSuccess()) {
            write(ctx, ErrorBodies.of(400, 400006, "Malformed HTTP request."), false);
            return;
        }
        RestRequest r = withPeer(toRestRequest(request), ctx.channel().remoteAddress());
        io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        if (ssl != null) {
            var chain =
                    dev.fleetops.localhub.x509.PeerCertificates.of(ssl.engine().getSession());
            if (!chain.isEmpty()) {
                r = new RestRequest(r.method(), r.path(), r.query(), r.headers(), r.body(), chain);
            }
        }
        api.handle(r)
                .whenComplete((response, error) -> write(
                        ctx,
                        response != null ? response : ErrorBodies.of(500, 500001, "Internal error in the local hub."),
                        keepAlive));
    }

    static RestRequest toRestRequest(FullHttpRequest request) {
        QueryStringDecoder decoder = new QueryStringDecoder(request.uri());
        Map<String, String> query = new HashMap<>();
        for (Map.Entry<String, List<String>> e : decoder.parameters().entrySet()) {
            if (!e.getValue().isEmpty()) {
                query.put(e.getKey(), e.getValue().get(0));
            }
        }
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> h : request.headers()) {
            headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
        }
        String method = request.method().name();
        String override = headers.get("x-http-method-override");
        // HttpURLConnection cannot send PATCH, so the service SDK tunnels it through POST.
        if (method.equals("POST") && override != null) {
            method = override.toUpperCase(Locale.ROOT);
        }
        return new RestRequest(method, decoder.path(), query, headers, ByteBufUtil.getBytes(request.content()));
    }

    /** Adds the caller's IP address as {@link AdminRoutes#PEER_HEADER}, replacing any header of that name the client sent. */
    static RestRequest withPeer(RestRequest r, java.net.SocketAddress remote) {
        Map<String, String> headers = new HashMap<>(r.headers());
        headers.remove(AdminRoutes.PEER_HEADER);
        if (remote instanceof java.net.InetSocketAddress a && a.getAddress() != null) {
            headers.put(AdminRoutes.PEER_HEADER, a.getAddress().getHostAddress());
        }
        return new RestRequest(r.method(), r.path(), r.query(), headers, r.body(), r.clientChain());
    }

    private static void write(ChannelHandlerContext ctx, RestResponse r, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
        if (r.body().length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
        }
        r.headers().forEach((k, v) -> response.headers().set(k, v));
        HttpUtil.setContentLength(response, r.body().length);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        org.slf4j.LoggerFactory.getLogger(RestHandler.class).debug("closing HTTPS connection: {}", cause.toString());
        ctx.close();
    }
}
