package io.ferrite.cluster;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client without a cluster: what it says when no leader answers (the cluster tests cover everything else).
 */
class FerriteClusterClientTest
{
    @Test
    void shouldNameTheEndpointsAndItsOwnAeronErrorsWhenNoLeaderAnswers() throws IOException
    {
        final int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            // Nothing listens on the member's ports derived from this one once the probe is closed.
            port = probe.getLocalPort();
        }
        final ClusterMembers members = ClusterMembers.parse("localhost:" + port);

        final IllegalStateException ex = assertThrows(IllegalStateException.class, () ->
            FerriteClusterClient.connect(new FerriteClusterClient.Context()
                .members(members)
                .clientId(1)
                .connectTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))));

        final String message = ex.getMessage();
        assertTrue(message.startsWith("no cluster leader answered at " + members.ingressEndpoints() + " within 500 ms"),
            message);
        // Its own media driver's error log was read ("none" here, or whatever the driver recorded).
        assertTrue(message.contains("(the client's Aeron errors: "), message);
        assertFalse(message.contains("cannot read the client media driver's errors"), message);
    }
}
