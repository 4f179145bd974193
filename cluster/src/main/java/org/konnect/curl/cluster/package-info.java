/**
 * Pekko Cluster Sharding by origin: {@link org.konnect.curl.cluster.ClusterCurl} starts one
 * MultiActorPool per node and one sharded {@link org.konnect.curl.cluster.OriginEntity} per origin;
 * requests ({@link org.konnect.curl.cluster.TransferDescription}) and replies
 * ({@link org.konnect.curl.cluster.TransferReply}) cross the cluster through Pekko's Jackson CBOR
 * serializer ({@link org.konnect.curl.cluster.ClusterMessage}).
 */
package org.konnect.curl.cluster;
