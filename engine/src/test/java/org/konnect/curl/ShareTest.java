package org.konnect.curl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.konnect.curl.jni.LibcurlConstants;
import org.konnect.curl.testservers.Https;
import org.konnect.curl.testservers.LoopbackHttpServer;
import org.konnect.curl.testservers.LoopbackServers;
import org.konnect.curl.testservers.NoNativeLeaks;
import org.konnect.curl.testservers.TestPki;

/**
 * Share handles: what two Multis on two threads share through one (a TLS session, cookies, the
 * DNS cache), what they do not without it, and the lifetimes (a share in use cannot close; any
 * order of closing frees everything, which NoNativeLeaks checks after each test).
 */
@ExtendWith({LoopbackServers.class, NoNativeLeaks.class})
class ShareTest {
    final TestPki pki;
    final LoopbackHttpServer https;
    SharingServer server;
    final List<AutoCloseable> open = new ArrayList<>();

    ShareTest(TestPki pki, @Https LoopbackHttpServer https) {
        this.pki = pki;
        this.https = https;
    }

    @BeforeEach
    void startServer() throws Exception {
        server = SharingServer.start();
    }

    /** Multis first, then shares, in the order they were opened. */
    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) if (c instanceof MultiOnThread) c.close();
        for (AutoCloseable c : open) if (!(c instanceof MultiOnThread)) c.close();
        server.close();
    }

    Share share(Share.Data first, Share.Data... more) {
        Share s = Share.open(first, more);
        open.add(s);
        return s;
    }

    MultiOnThread multi(String name, Share share) {
        MultiOnThread m = new MultiOnThread(name, share == null ? MultiOptions.DEFAULTS : MultiOptions.DEFAULTS.withShare(share));
        open.add(m);
        return m;
    }

    // ---- what is shared -------------------------------------------------------------------

    @Test
    void aTlsSessionMadeByOneMultiIsResumedByAnother() {
        Share share = share(Share.Data.SSL_SESSION);
        MultiOnThread first = multi("tls-first", share);
        Handshake made = first.run(m -> handshake(m));
        assertTrue(made.serverSentCertificate(), "a full handshake first: " + made.lines);
        // The first Multi stays open: libcurl 7.88 keeps live OpenSSL sessions in the share, and
        // OpenSSL marks a session not resumable once its connection is freed without a shutdown.
        Handshake resumed;
        if (Share.Data.SSL_SESSION.acrossThreads()) {   // libcurl 8.12 and later: another thread
            resumed = multi("tls-second", share).run(m -> handshake(m));
        } else {   // before, another Multi of the same thread
            resumed = first.run(m -> {
                try (Multi second = Multi.open(MultiOptions.DEFAULTS.withShare(share))) {
                    return handshake(second);
                }
            });
        }
        assertFalse(resumed.serverSentCertificate(), "the server resumed the session, skipping its certificate: "
                + resumed.lines);
        assertTrue(resumed.clientReused(), "libcurl says it reuses the session: " + resumed.lines);

        Handshake alone = multi("tls-unshared", null).run(m -> handshake(m));
        assertTrue(alone.serverSentCertificate(), "without the share, a full handshake: " + alone.lines);
    }

    /** libcurl's verbose trace of one transfer's TLS handshake (OpenSSL's messages, libcurl's reuse line). */
    record Handshake(List<String> lines) {
        boolean serverSentCertificate() {
            return lines.stream().anyMatch(l -> l.contains("(IN), TLS handshake, Certificate"));
        }

        /** 7.88: "SSL re-using session ID"; 8.14: "SSL reusing session with ALPN ...". */
        boolean clientReused() {
            return lines.stream().anyMatch(l -> l.contains("re-using session") || l.contains("reusing session"));
        }
    }

    Handshake handshake(Multi multi) {
        List<String> lines = new ArrayList<>();
        Exchange.Result r = Drive.result(multi, multi.process(new Exchange(https.localhostUrl("/bytes/10"), h -> {
            Certificates.addCaCertificates(h, pki.ca().certPem());
            h.setopt(CurlOpt.DEBUGFUNCTION, (DebugCallback) (type, data) -> {
                if (type != DebugCallback.InfoType.TEXT) return;
                byte[] text = new byte[data.remaining()];
                data.get(text);
                lines.add(new String(text, StandardCharsets.UTF_8).trim());
            });
        })));
        assertEquals(200, r.code());
        return new Handshake(lines);
    }

    @Test
    void aCookieSetThroughOneMultiIsSentThroughAnotherOfTheSameThread() {
        Share share = share(Share.Data.COOKIE);
        MultiOnThread setter = multi("cookie-setter", share);
        assertEquals("set", setter.fetch(withCookies("/set-cookie?flavour=oat")).text());
        String both = setter.run(first -> {
            try (Multi reader = Multi.open(MultiOptions.DEFAULTS.withShare(share))) {
                assertEquals("flavour=oat", Drive.result(reader, reader.process(withCookies("/cookie"))).text());
                // a cookie set by the reader reaches the setter, with the first one
                assertEquals("set", Drive.result(reader, reader.process(withCookies("/set-cookie?colour=red"))).text());
                // a transfer that does not turn the cookie engine on sends none, as libcurl documents
                assertEquals("", Drive.result(reader, reader.process(new Exchange(server.url("127.0.0.1", "/cookie")))).text());
            }
            return Drive.result(first, first.process(withCookies("/cookie"))).text();
        });
        assertTrue(both.contains("flavour=oat") && both.contains("colour=red"), both);
        // without the share, the cookie engine starts with an empty jar
        assertEquals("", multi("cookie-unshared", null).fetch(withCookies("/cookie")).text());
    }

    @Test
    void aKindLibcurlCannotShareBetweenThreadsIsRefusedToASecondThread() throws Exception {
        Share share = share(Share.Data.COOKIE, Share.Data.DNS);
        assertFalse(Share.Data.COOKIE.acrossThreads());
        assertFalse(Share.Data.HSTS.acrossThreads());
        assertTrue(Share.Data.DNS.acrossThreads() && Share.Data.PSL.acrossThreads());
        assertEquals(Curl.versionNumber() >= 0x080C00, Share.Data.SSL_SESSION.acrossThreads());
        MultiOnThread first = new MultiOnThread("confined-first", MultiOptions.DEFAULTS.withShare(share));
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new MultiOnThread("confined-second", MultiOptions.DEFAULTS.withShare(share)));
        assertTrue(refused.getMessage().contains("CURL_LOCK_DATA_COOKIE") && refused.getMessage().contains("confined-first")
                && !refused.getMessage().contains("CURL_LOCK_DATA_DNS,"), refused.getMessage());
        assertEquals(1, share.userCount());
        first.close();
        // handed over once the first thread's Multis are closed: never used by two threads at once
        MultiOnThread second = multi("confined-second", share);
        assertEquals("set", second.fetch(withCookies("/set-cookie?k=v")).text());
    }

    /** A transfer with libcurl's cookie engine on (an empty COOKIEFILE reads no file). */
    Exchange withCookies(String path) {
        return new Exchange(server.url("127.0.0.1", path), h -> h.setopt(CurlOpt.byName("COOKIEFILE"), ""));
    }

    @Test
    void theDnsCacheIsSharedResolveEntriesIncluded() {
        Share share = share(Share.Data.DNS);
        String where = server.url("localhost", "/where");
        String entry = "localhost:" + server.port() + ":127.0.0.2";
        MultiOnThread resolver = multi("dns-resolver", share);
        assertEquals("127.0.0.2", resolver.fetch(new Exchange(where, h -> h.setopt(CurlOpt.RESOLVE, List.of(entry)))).text());
        // Another Multi, without CURLOPT_RESOLVE: the shared cache answers with the entry.
        assertEquals("127.0.0.2", multi("dns-user", share).fetch(new Exchange(where)).text());
        // Without the share, localhost is what the system says.
        assertEquals("127.0.0.1", multi("dns-unshared", null).fetch(new Exchange(where)).text());
    }

    @Test
    void fourMultisOfFourThreadsHammerOneShareAtOnce() throws Exception {
        Share share = Share.open(Share.acrossThreads());
        open.add(share);
        List<MultiOnThread> multis = new ArrayList<>();
        for (int i = 0; i < 4; i++) multis.add(multi("hammer-" + i, share));
        List<java.util.concurrent.CompletableFuture<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < multis.size(); i++) {
            MultiOnThread m = multis.get(i);
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> m.run(multi -> {
                // 40 transfers at once on this thread, while the other three do the same
                List<java.util.concurrent.CompletionStage<Outcome<Void, Exchange.Result>>> stages = new ArrayList<>();
                for (int k = 0; k < 40; k++) {
                    String url = k % 2 == 0 ? server.url("localhost", "/where") : https.localhostUrl("/bytes/10");
                    stages.add(multi.process(new Exchange(url, h -> {
                        Certificates.addCaCertificates(h, pki.ca().certPem());
                        h.setopt(CurlOpt.FRESH_CONNECT, 1L);   // a new connection each: DNS and TLS sessions in use
                    })));
                }
                int ok = 0;
                for (var stage : stages) ok += Drive.result(multi, stage).code() == 200 ? 1 : 0;
                return ok;
            })));
        }
        for (var run : runs) assertEquals(40, run.get(60, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void everyKindTheLoadedLibcurlSharesCanBeOpenedTogether() {
        Set<Share.Data> supported = Share.supported();
        // Both tested versions (7.88.1 and 8.14.1, Debian's builds with libpsl) share every kind.
        assertEquals(EnumSet.allOf(Share.Data.class), supported);
        Share all = share(Share.Data.DNS, Share.Data.SSL_SESSION, Share.Data.COOKIE, Share.Data.PSL, Share.Data.HSTS);
        assertEquals(supported, all.data());
        assertTrue(all.shares(Share.Data.HSTS));
        assertEquals(200, multi("all-kinds", all).fetch(new Exchange(server.url("127.0.0.1", "/where"))).code());
    }

    @Test
    void aKindThisLibcurlLacksIsRefusedNamingItAndTheVersionItNeeds() {
        RuntimeException tooOld = NativeErrors.shareAddFailure(Share.Data.HSTS,
                -(LibcurlConstants.KM_ERR_DOMAIN_CURLSH | LibcurlConstants.CURLSHE_BAD_OPTION));
        assertInstanceOf(IllegalArgumentException.class, tooOld);
        assertTrue(tooOld.getMessage().contains("CURL_LOCK_DATA_HSTS") && tooOld.getMessage().contains("7.88.0")
                && tooOld.getMessage().contains("CURLSHE_BAD_OPTION"), tooOld.getMessage());
        RuntimeException notBuilt = NativeErrors.shareAddFailure(Share.Data.PSL,
                -(LibcurlConstants.KM_ERR_DOMAIN_CURLSH | LibcurlConstants.CURLSHE_NOT_BUILT_IN));
        assertInstanceOf(IllegalArgumentException.class, notBuilt);
        assertTrue(notBuilt.getMessage().contains("built without it") && notBuilt.getMessage().contains("CURLSHE_NOT_BUILT_IN"),
                notBuilt.getMessage());
        RuntimeException other = NativeErrors.decode("curl_share_cleanup",
                -(LibcurlConstants.KM_ERR_DOMAIN_CURLSH | LibcurlConstants.CURLSHE_IN_USE));
        assertInstanceOf(IllegalStateException.class, other);
        assertTrue(other.getMessage().contains("CURLSHE_IN_USE"), other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Share.open(EnumSet.noneOf(Share.Data.class)));
    }

    @Test
    void hstsCannotBeTurnedOffOrLoadedFromFilesWithASharedHstsCache() {
        MultiOnThread multi = multi("hsts", share(Share.Data.HSTS));
        for (Object[] option : new Object[][] {{CurlOpt.byName("HSTS_CTRL"), 0L}, {CurlOpt.byName("HSTS"), "/tmp/hsts.txt"}}) {
            CurlError failed = multi.run(m -> Drive.failure(m, m.process(new Exchange(server.url("127.0.0.1", "/where"),
                    h -> h.setopt((CurlOpt) option[0], option[1])))));
            IllegalArgumentException why = assertInstanceOf(IllegalArgumentException.class, failed.getCause());
            assertTrue(why.getMessage().contains("Share of HSTS"), why.getMessage());
        }
        // HSTS on is what the share does anyway: allowed
        assertEquals(200, multi.fetch(new Exchange(server.url("127.0.0.1", "/where"),
                h -> h.setopt(CurlOpt.byName("HSTS_CTRL"), 1L))).code());
    }

    // ---- lifetimes ------------------------------------------------------------------------

    @Test
    void aShareInUseCannotBeClosedAndTheRefusalNamesItsUsers() throws Exception {
        Share share = Share.open(Share.Data.DNS, Share.Data.PSL);
        MultiOnThread a = new MultiOnThread("share-user-a", MultiOptions.DEFAULTS.withShare(share));
        MultiOnThread b = new MultiOnThread("share-user-b", MultiOptions.DEFAULTS.withShare(share));
        assertEquals(2, share.userCount());
        IllegalStateException inUse = assertThrows(IllegalStateException.class, share::close);
        assertTrue(inUse.getMessage().contains("share-user-a") && inUse.getMessage().contains("share-user-b"), inUse.getMessage());
        assertFalse(share.isClosed());
        assertEquals(200, b.fetch(new Exchange(server.url("127.0.0.1", "/where"))).code());   // still usable
        a.close();
        IllegalStateException stillInUse = assertThrows(IllegalStateException.class, share::close);
        assertTrue(stillInUse.getMessage().contains("share-user-b") && !stillInUse.getMessage().contains("share-user-a"),
                stillInUse.getMessage());
        b.close();
        assertEquals(0, share.userCount());
        share.close();
        share.close();   // idempotent
        assertTrue(share.isClosed());
    }

    @Test
    void aClosedShareCannotBeUsedByANewMulti() {
        Share share = Share.open(Share.Data.DNS);
        share.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> Multi.open(MultiOptions.DEFAULTS.withShare(share)));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertEquals(0, share.userCount());
    }

    @Test
    void closingInAnyOrderFreesEverything() throws Exception {
        long before = Curl.liveNativeObjects();
        for (int order = 0; order < 3; order++) {
            Share share = Share.open(Share.acrossThreads());
            MultiOnThread a = new MultiOnThread("order-a", MultiOptions.DEFAULTS.withShare(share));
            MultiOnThread b = new MultiOnThread("order-b", MultiOptions.DEFAULTS.withShare(share));
            for (MultiOnThread m : List.of(a, b)) {
                assertEquals(200, m.fetch(new Exchange(server.url("localhost", "/where"))).code());
                // a transfer still running when its Multi closes: cancelled, its handle freed
                m.run(mm -> mm.process(new Exchange(server.url("localhost", "/where"))));
            }
            assertTrue(Curl.liveNativeObjects() > before);
            if (order == 0) {
                a.close();
                b.close();
            } else if (order == 1) {
                b.close();
                a.close();
            } else {
                assertThrows(IllegalStateException.class, share::close);   // refused, nothing freed
                b.close();
                assertThrows(IllegalStateException.class, share::close);
                a.close();
            }
            share.close();
            assertEquals(before, Curl.liveNativeObjects(), "order " + order);
        }
    }

    @Test
    void curloptShareItselfIsManagedByKonnect() {
        CurlOpt option = CurlOpt.byName("SHARE");
        assertEquals(CurlOpt.Kind.UNSUPPORTED, option.kind());
        MultiOnThread multi = multi("setopt-share", null);
        CurlError failed = multi.run(m -> Drive.failure(m, m.process(new Exchange(server.url("127.0.0.1", "/where"),
                h -> h.setopt(option, 1L)))));
        assertTrue(failed.getCause().getMessage().contains("MultiOptions.withShare"), failed.getCause().getMessage());
    }
}
