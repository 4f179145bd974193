package org.konnect.curl.testservers;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link LoopbackServers} for a server of the current test alone instead of the one the
 * test class shares: started for the test, closed after it (after its {@code @AfterEach}
 * methods). For tests that count the server's connections or requests, or change its files.
 *
 * <p>Within one test the fresh server is one: a {@code @Fresh} parameter of the constructor, of
 * a {@code @BeforeEach} method and of the test method itself all receive the same instance.
 * On a {@code @BeforeAll} method's parameter, or on a constructor's under
 * {@code @TestInstance(PER_CLASS)}, "the current test" is the whole class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Fresh {
}
