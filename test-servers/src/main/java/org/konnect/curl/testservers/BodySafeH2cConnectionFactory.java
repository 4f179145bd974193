package org.konnect.curl.testservers;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;

/**
 * h2c connection factory that declines an {@code Upgrade: h2c} on a request with a chunked body.
 *
 * <p>Jetty 12.1 already declines the upgrade when the request has a positive {@code Content-Length},
 * but upgrades a {@code Transfer-Encoding: chunked} request and then drops its body (seen with
 * {@code curl --http2 -H 'Transfer-Encoding: chunked' --data-binary ...}). Such requests are served
 * over HTTP/1.1 instead, as RFC 7540 section 3.2 allows.
 */
final class BodySafeH2cConnectionFactory extends HTTP2CServerConnectionFactory {

    BodySafeH2cConnectionFactory(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection upgradeConnection(Connector connector, EndPoint endPoint, MetaData.Request request,
                                        HttpFields.Mutable response101) {
        if (request.getHttpFields().contains(HttpHeader.TRANSFER_ENCODING)) {
            return null; // keep HTTP/1.1 for this connection
        }
        return super.upgradeConnection(connector, endPoint, request, response101);
    }
}
