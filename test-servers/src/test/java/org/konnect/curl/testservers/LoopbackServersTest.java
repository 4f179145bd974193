package org.konnect.curl.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which server each injection point gets, and when the servers are closed. */
class LoopbackServersTest {

    /** Whether something listens on {@code port} of 127.0.0.1. */
    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new AssertionError("cannot tell whether port " + port + " listens", e);
        }
    }

    static int distinct(List<?> instances) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.addAll(instances);
        return seen.size();
    }

    @ExtendWith(LoopbackServers.class)
    static class SharedByTheClass {
        static final List<LoopbackHttpServer> http = new CopyOnWriteArrayList<>();
        static final List<LoopbackFtpServer> ftp = new CopyOnWriteArrayList<>();

        SharedByTheClass(LoopbackHttpServer server) {
            http.add(server);
        }

        @BeforeAll
        static void beforeAll(LoopbackHttpServer h, LoopbackFtpServer f) {
            http.add(h);
            ftp.add(f);
        }

        @BeforeEach
        void beforeEach(LoopbackFtpServer f) {
            ftp.add(f);
        }

        @Test
        void first(LoopbackHttpServer h, LoopbackFtpServer f) {
            http.add(h);
            ftp.add(f);
            assertTrue(listening(h.port()), "the HTTP server is started");
            assertTrue(listening(f.port()), "the FTP server is started");
            assertTrue(Files.isDirectory(f.root()));
        }

        @Test
        void second(LoopbackHttpServer h) {
            http.add(h);
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void parameterized(int invocation, LoopbackHttpServer h) {
            http.add(h);
        }
    }

    @Test
    void oneServerOfEachKindServesTheWholeClassAndIsClosedAfterIt() {
        SharedByTheClass.http.clear();
        SharedByTheClass.ftp.clear();
        FixtureRun run = FixtureRun.of(SharedByTheClass.class);
        assertEquals(4, run.succeeded(), run.failures().toString());
        // @BeforeAll, then per test (2 + 2 invocations) the constructor and the method
        assertEquals(9, SharedByTheClass.http.size());
        assertEquals(1, distinct(SharedByTheClass.http), "one HTTP server for the class");
        // @BeforeAll, @BeforeEach of each of 4 tests, first()
        assertEquals(6, SharedByTheClass.ftp.size());
        assertEquals(1, distinct(SharedByTheClass.ftp), "one FTP server for the class");
        assertFalse(listening(SharedByTheClass.http.get(0).port()), "the HTTP server is closed after the class");
        assertFalse(listening(SharedByTheClass.ftp.get(0).port()), "the FTP server is closed after the class");
        assertFalse(Files.exists(SharedByTheClass.ftp.get(0).root()), "the FTP server's files are deleted");
    }

    @ExtendWith(LoopbackServers.class)
    static class FreshPerTest {
        static final List<LoopbackHttpServer> fresh = new CopyOnWriteArrayList<>();
        static final List<LoopbackHttpServer> shared = new CopyOnWriteArrayList<>();
        static volatile boolean freshOnesClosedBeforeAfterAll;

        final LoopbackHttpServer constructed;
        LoopbackHttpServer beforeEach;

        FreshPerTest(@Fresh LoopbackHttpServer server) {
            constructed = server;
        }

        @BeforeEach
        void beforeEach(@Fresh LoopbackHttpServer server) {
            beforeEach = server;
        }

        @Test
        void first(@Fresh LoopbackHttpServer server, LoopbackHttpServer classes) {
            sameThroughoutTheTest(server, classes);
        }

        @Test
        void second(@Fresh LoopbackHttpServer server, LoopbackHttpServer classes) {
            sameThroughoutTheTest(server, classes);
        }

        private void sameThroughoutTheTest(LoopbackHttpServer server, LoopbackHttpServer classes) {
            assertSame(constructed, server, "the constructor's fresh server is the test's");
            assertSame(beforeEach, server, "@BeforeEach's fresh server is the test's");
            assertNotSame(classes, server, "a fresh server is not the class's");
            assertTrue(listening(server.port()));
            fresh.add(server);
            shared.add(classes);
        }

        @AfterAll
        static void afterAll() {
            freshOnesClosedBeforeAfterAll = fresh.stream().noneMatch(s -> listening(s.port()));
        }
    }

    @Test
    void aFreshServerServesItsTestAloneAndIsClosedAfterIt() {
        FreshPerTest.fresh.clear();
        FreshPerTest.shared.clear();
        FixtureRun run = FixtureRun.of(FreshPerTest.class);
        assertEquals(2, run.succeeded(), run.failures().toString());
        assertEquals(2, distinct(FreshPerTest.fresh), "each test has its own");
        assertEquals(1, distinct(FreshPerTest.shared), "beside the class's one");
        assertTrue(FreshPerTest.freshOnesClosedBeforeAfterAll, "each fresh server is closed after its test");
        assertFalse(listening(FreshPerTest.shared.get(0).port()));
    }

    @ExtendWith(LoopbackServers.class)
    static class OverTls {
        static TestPki pki;
        static LoopbackHttpServer valid;
        static LoopbackHttpServer expired;
        static LoopbackHttpServer wrongHost;
        static LoopbackHttpServer mutual;
        static LoopbackHttpServer plain;

        @BeforeAll
        static void keep(TestPki p, @Https LoopbackHttpServer v, @Https(Https.Certificate.EXPIRED) LoopbackHttpServer e,
                         @Https(Https.Certificate.WRONG_HOST) LoopbackHttpServer w,
                         @Https(requireClientCertificate = true) LoopbackHttpServer m, LoopbackHttpServer h) {
            pki = p;
            valid = v;
            expired = e;
            wrongHost = w;
            mutual = m;
            plain = h;
        }

        @Test
        void eachCombinationIsOneServerOfTheClass(TestPki p, @Https LoopbackHttpServer v,
                                                  @Https(requireClientCertificate = true) LoopbackHttpServer m,
                                                  LoopbackHttpServer h) {
            assertSame(pki, p);
            assertSame(valid, v);
            assertSame(mutual, m);
            assertSame(plain, h);
            assertEquals(5, distinct(List.of(valid, expired, wrongHost, mutual, plain)));
        }

        @Test
        void theServersPresentTheAskedForCertificatesOfTheClassesPki() throws Exception {
            assertEquals(pki.server().cert(), TlsProbe.servedCertificate(valid));
            assertEquals(pki.expiredServer().cert(), TlsProbe.servedCertificate(expired));
            assertEquals(pki.wrongHostServer().cert(), TlsProbe.servedCertificate(wrongHost));
            assertTrue(valid.url("/").startsWith("https://"), valid.url("/"));
            assertTrue(plain.url("/").startsWith("http://"), plain.url("/"));
        }

        @Test
        void onlyTheMutualServerRequiresTheClientCertificate() throws Exception {
            assertEquals(200, TlsProbe.status(valid, pki, false));
            assertEquals(200, TlsProbe.status(mutual, pki, true));
            assertThrows(IOException.class, () -> TlsProbe.status(mutual, pki, false));
        }
    }

    @Test
    void httpsServersPresentCertificatesOfTheClassesPki() {
        FixtureRun run = FixtureRun.of(OverTls.class);
        assertEquals(3, run.succeeded(), run.failures().toString());
    }

    @ExtendWith(LoopbackServers.class)
    static class Misplaced {
        @Test
        void httpsOnFtp(@Https LoopbackFtpServer ftp) {
        }

        @Test
        void freshPki(@Fresh TestPki pki) {
        }
    }

    @Test
    void annotationsWhereTheyMeanNothingAreRefusedClearly() {
        FixtureRun run = FixtureRun.of(Misplaced.class);
        assertEquals(2, run.failed());
        List<String> messages = run.failures().stream().map(Throwable::getMessage).sorted().toList();
        assertTrue(messages.get(0).startsWith("@Fresh applies to servers only"), messages.get(0));
        assertTrue(messages.get(1).startsWith("@Https applies to LoopbackHttpServer parameters only"), messages.get(1));
    }
}
