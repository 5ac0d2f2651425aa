package io.ferrite.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterMembersTest
{
    @Test
    void shouldDeriveEveryPortFromEachMembersBasePort()
    {
        final ClusterMembers members = ClusterMembers.parse("a:9000, b:9100,c:9200");
        assertEquals(3, members.size());
        assertEquals("b", members.host(1));
        assertEquals(9105, members.statusPort(1));
        assertEquals("0,a:9000,a:9001,a:9002,a:9003,a:9004|1,b:9100,b:9101,b:9102,b:9103,b:9104|" +
            "2,c:9200,c:9201,c:9202,c:9203,c:9204", members.aeronClusterMembers());
        assertEquals("0=a:9000,1=b:9100,2=c:9200", members.ingressEndpoints());
    }

    @Test
    void shouldNameTheBadEntry()
    {
        final IllegalArgumentException noPort =
            assertThrows(IllegalArgumentException.class, () -> ClusterMembers.parse("a:9000,b"));
        assertTrue(noPort.getMessage().contains("'b'"), noPort.getMessage());
        final IllegalArgumentException badPort =
            assertThrows(IllegalArgumentException.class, () -> ClusterMembers.parse("a:x"));
        assertTrue(badPort.getMessage().contains("'a:x'"), badPort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterMembers.parse("a:65533"));
        assertThrows(IllegalArgumentException.class, () -> ClusterMembers.parse(" "));
    }
}
