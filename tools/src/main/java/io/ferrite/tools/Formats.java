package io.ferrite.tools;

import org.agrona.DirectBuffer;

/**
 * How the tools print binary payloads, digests, rates and durations. Used once per printed line, never on an engine
 * thread.
 */
final class Formats
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Formats()
    {
    }

    /**
     * @param digest a 64-bit state digest.
     * @return the digest as 16 lower-case hex digits, the form every Ferrite tool prints and compares.
     */
    static String digest(final long digest)
    {
        final char[] chars = new char[16];
        for (int i = 15, shift = 0; i >= 0; i--, shift += 4)
        {
            chars[i] = HEX[(int)(digest >>> shift) & 0xF];
        }
        return new String(chars);
    }

    /**
     * @param buffer holding the bytes.
     * @param offset of the first byte.
     * @param length how many bytes.
     * @return the bytes as lower-case hex, two digits each, no separators.
     */
    static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder hex = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++)
        {
            final int b = buffer.getByte(offset + i) & 0xFF;
            hex.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        return hex.toString();
    }

    /**
     * @param events  how many.
     * @param nanos   in how long.
     * @return events per second, rounded; 0 when no time passed.
     */
    static long perSecond(final long events, final long nanos)
    {
        return nanos <= 0 ? 0 : Math.round(events * 1e9 / nanos);
    }

    /**
     * @param nanos a duration.
     * @return it in milliseconds with three decimals, for humans.
     */
    static String millis(final long nanos)
    {
        return String.format("%.3f ms", nanos / 1e6);
    }

    /**
     * @param nanos a latency.
     * @return it in microseconds with two decimals, for humans.
     */
    static String micros(final long nanos)
    {
        return String.format("%.2f us", nanos / 1e3);
    }
}
