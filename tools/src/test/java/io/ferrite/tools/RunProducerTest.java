package io.ferrite.tools;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunProducerTest
{
    @Test
    void shouldSliceAFlatOutRunByCountAndAPacedRunByTime()
    {
        assertEquals(RunProducer.FLAT_OUT_SLICE, RunProducer.sliceEvents(0));
        // About 10 ms of events: Ctrl-C is seen within about that long at any rate.
        assertEquals(1_000, RunProducer.sliceEvents(100_000));
        assertEquals(50, RunProducer.sliceEvents(5_000));
        assertEquals(1, RunProducer.sliceEvents(10));
        assertEquals(RunProducer.FLAT_OUT_SLICE, RunProducer.sliceEvents(10_000_000));
    }
}
