/**
 * libcurl transfers for Apache Pekko typed actors: a {@link org.konnect.curl.actors.MultiActor}
 * owns a {@link org.konnect.curl.Multi} on its own pinned thread and answers each
 * {@code Process} with exactly one reply ({@code Update}, {@code Completed} or {@code Failed});
 * its mailbox wakes it from the blocking wait, and {@link org.konnect.curl.actors.MultiAsk}
 * gives code outside actors a {@link java.util.concurrent.CompletionStage}.
 */
package org.konnect.curl.actors;
