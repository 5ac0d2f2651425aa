package io.ferrite.engine;

import org.HdrHistogram.SingleWriterRecorder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyIntervalLogTest
{
    @Test
    void shouldKeepEveryValueAcrossSwapsOfTheRecorder()
    {
        final SingleWriterRecorder recorder = new SingleWriterRecorder(Engine.MAX_LATENCY_NANOS, 3);
        final LatencyIntervalLog log = new LatencyIntervalLog(recorder, Engine.MAX_LATENCY_NANOS);
        long recorded = 0;
        long sum = 0;
        for (int round = 0; round < 5; round++)
        {
            // Values recorded on either side of a swap: the recorder's phase alternates with each one.
            for (int i = 1; i <= 100; i++)
            {
                final long value = 1_000L * (round + 1) + i;
                recorder.recordValue(value);
                recorded++;
                sum += value;
            }
            log.swap();
        }
        recorder.recordValue(7_000);
        final var total = log.total();
        assertEquals(recorded + 1, total.getTotalCount());
        assertEquals(7_000, total.getMaxValue(), 7_000 >> 10);
        assertEquals((sum + 7_000) / (double)(recorded + 1), total.getMean(), 5.0);
    }
}
