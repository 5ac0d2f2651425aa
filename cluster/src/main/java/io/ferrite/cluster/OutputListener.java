package io.ferrite.cluster;

/**
 * Receives the pipeline's outputs that the cluster's leader sends to a {@link FerriteClusterClient}, on the thread
 * that calls {@link FerriteClusterClient#poll()}, each (processor, sequence, ordinal) at most once: the client has
 * already dropped those a new leader sent again.
 * <p>
 * Egress is best effort: a leader sends each output once to each connected client and never retries (a full or
 * disconnected client publication is counted, not waited for, so egress never slows the replicated log); outputs
 * the leader produced while a client was away, or that a dying leader had not yet sent, are not sent again. The
 * complete, exactly-once copy of the outputs is each member's sinks.
 */
@FunctionalInterface
public interface OutputListener
{
    /**
     * @param output the output; a flyweight valid only during this call.
     */
    void onOutput(ClusterOutput output);
}
