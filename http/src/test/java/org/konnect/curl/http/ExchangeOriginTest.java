package org.konnect.curl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** An exchange names its request's origin, so that a MultiActorPool keeps an origin's exchanges on one MultiActor. */
class ExchangeOriginTest {
    @Test
    void anExchangeNamesItsRequestsOrigin() {
        HttpExchange exchange = new HttpExchange(HttpRequest.get("HTTPS://API.example.org/v1?q=1"), HttpClientSettings.defaults(),
                HttpExchange.Mode.STRICT, true, 0, e -> {});
        assertEquals("https://api.example.org:443", exchange.origin());
    }

    @Test
    void theHttpOriginIsTheEnginesOriginTyped() {
        for (String url : new String[] {"http://Example.COM/a", "https://example.com:8443/x?y#z", "http://user:pw@host.test:81/",
                "http://[::1]:8080/v6", "https://[2001:DB8::1]/", "HTTP://127.0.0.1"}) {
            assertEquals(org.konnect.curl.Origin.of(url), Origin.of(url).toString(), url);
        }
    }
}
