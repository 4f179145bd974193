/**
 * The benchmark harness run by {@code bench/run}: the engine, the MultiActor and their peers
 * against nginx on loopback in one run, with results written as CSV, a chart and notes.
 */
package org.konnect.curl.bench;
