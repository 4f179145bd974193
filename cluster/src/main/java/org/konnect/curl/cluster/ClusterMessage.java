package org.konnect.curl.cluster;

/**
 * The marker of every message this module sends between nodes. The module's {@code reference.conf}
 * binds it to Pekko's {@code jackson-cbor} serializer, so that a transfer's description and its
 * replies cross the cluster as compact CBOR (binary bodies stay binary, unlike in JSON) and Java
 * serialization, which Pekko disables by default, is never needed.
 */
public interface ClusterMessage {}
