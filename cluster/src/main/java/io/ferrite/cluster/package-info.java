/**
 * High availability for Ferrite on Aeron Cluster (Raft): {@link io.ferrite.cluster.ClusterNode} launches one member
 * (media driver, archive, consensus module and a {@link io.ferrite.cluster.FerriteClusteredService} hosting an
 * unchanged {@link io.ferrite.engine.processor.Pipeline}); {@link io.ferrite.cluster.FerriteClusterClient} publishes events,
 * follows the leader and resubmits without duplicates; {@link io.ferrite.cluster.NodeStatus} is what each node reports
 * for {@code ferrite cluster status}.
 */
package io.ferrite.cluster;
