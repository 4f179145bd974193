/**
 * The project's own test scaffolding (not an API for users): servers started in-process on
 * loopback (HTTP/1.1, h2c, HTTPS and h2 on Jetty, FTP and FTPS on Apache FtpServer, misbehaving
 * TCP), a test PKI, and JUnit 5
 * extensions that inject those servers and check that no native object outlives a test.
 */
package org.konnect.curl.testservers;
