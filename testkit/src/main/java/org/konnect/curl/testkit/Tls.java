package org.konnect.curl.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** On a {@link TestHttpServer} parameter injected by {@link TestServers}: an HTTPS server ({@link TestHttpServer#startTls()}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Tls {
}
