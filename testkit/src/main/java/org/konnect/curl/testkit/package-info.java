/**
 * The test kit for users' tests of actors that talk to a {@code MultiActor}
 * ({@code konnect-curl-testkit}, test scope): {@link org.konnect.curl.testkit.ScriptedMultiActor},
 * a stand-in that runs a request's own hooks against a {@link org.konnect.curl.testkit.Script}
 * instead of libcurl, with expectations in the style of {@code TestProbe}; and, for tests that
 * want real sockets, loopback servers with faults on demand
 * ({@link org.konnect.curl.testkit.TestHttpServer}, {@link org.konnect.curl.testkit.FaultHttpServer})
 * and a JUnit 5 extension that injects them ({@link org.konnect.curl.testkit.TestServers}).
 * The project's own test servers, which these wrap, are {@code konnect-curl-test-servers}.
 */
package org.konnect.curl.testkit;
