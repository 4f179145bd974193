/**
 * Runnable programs that show the library, each offline on embedded loopback servers unless
 * given URLs; {@code ./run-sample} runs one ({@code SAMPLE=Name}).
 */
package org.konnect.curl.samples;
